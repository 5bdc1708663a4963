(function () {
    var form = document.getElementById('vote-form');
    if (!form) return;
    var limit = parseInt(form.dataset.limit, 10);
    var boxes = Array.prototype.slice.call(form.querySelectorAll('input[type=checkbox]'));
    var counter = document.getElementById('vote-counter');
    var submit = document.getElementById('vote-submit');
    var template = counter.dataset.template;
    function update() {
        var n = boxes.filter(function (b) { return b.checked; }).length;
        counter.textContent = template.replace('{n}', n).replace('{k}', limit);
        // At the limit the other boxes are disabled, so a resident cannot pick more than K.
        boxes.forEach(function (b) { b.disabled = !b.checked && n >= limit; });
        submit.disabled = n === 0;
    }
    boxes.forEach(function (b) { b.addEventListener('change', update); });
    update();
})();
