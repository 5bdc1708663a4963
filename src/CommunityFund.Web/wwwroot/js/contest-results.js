// Printing (and "open all") shows every judge's sheet, not only the panels someone happened to open.
(function () {
    function openAll() { document.querySelectorAll('details').forEach(function (d) { d.open = true; }); }
    window.addEventListener('beforeprint', openAll);
    var b = document.getElementById('openAll');
    if (b) b.addEventListener('click', openAll);
})();
