// Live total: sums what is typed so far (the server checks every score again on save).
(function () {
    var form = document.getElementById('sheetForm');
    if (!form) return;
    var out = document.getElementById('liveTotal');
    function update() {
        var sum = 0;
        form.querySelectorAll('.cf-score').forEach(function (e) { var v = parseFloat(e.value); if (!isNaN(v)) sum += v; });
        out.textContent = (Math.round(sum * 100) / 100).toString();
    }
    form.addEventListener('input', update);
    update();
})();
