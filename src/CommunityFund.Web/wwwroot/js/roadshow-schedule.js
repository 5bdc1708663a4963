// Drag a row by its handle to move a proposal: the time slots stay where they are (first slot, second slot …)
// and the order numbers are renumbered top to bottom. Keyboard users type the order numbers instead.
(function () {
    var body = document.getElementById('schedule-rows');
    var status = document.getElementById('reorder-status');
    var fill = document.getElementById('fill-form');
    var dragged = null, slots = [];
    function rows() { return Array.prototype.slice.call(body.querySelectorAll('tr')); }
    function field(row, name) { return row.querySelector('[data-slot="' + name + '"]'); }
    body.addEventListener('mousedown', function (e) {
        var handle = e.target.closest('.drag-handle');
        if (handle) handle.closest('tr').draggable = true;
    });
    body.addEventListener('dragstart', function (e) {
        dragged = e.target.closest('tr');
        if (!dragged) return;
        slots = rows().map(function (r) { return [field(r, 'start').value, field(r, 'minutes').value]; });
        dragged.classList.add('table-active');
        e.dataTransfer.effectAllowed = 'move';
        e.dataTransfer.setData('text/plain', dragged.dataset.proposal);
    });
    body.addEventListener('dragover', function (e) {
        if (!dragged) return;
        e.preventDefault();
        var over = e.target.closest('tr');
        if (!over || over === dragged) return;
        var box = over.getBoundingClientRect();
        body.insertBefore(dragged, e.clientY > box.top + box.height / 2 ? over.nextSibling : over);
    });
    body.addEventListener('drop', function (e) { e.preventDefault(); });
    body.addEventListener('dragend', function () {
        if (!dragged) return;
        dragged.classList.remove('table-active');
        dragged.draggable = false;
        rows().forEach(function (r, i) {
            field(r, 'order').value = i + 1;
            field(r, 'start').value = slots[i][0];
            field(r, 'minutes').value = slots[i][1];
        });
        status.textContent = status.dataset.moved;
        dragged = null;
    });
    // Filling uses the order as it stands in the table now, saved or not.
    fill.addEventListener('submit', function () {
        rows().forEach(function (r) {
            var hidden = fill.querySelector('input[data-order-for="' + r.dataset.proposal + '"]');
            if (hidden) hidden.value = field(r, 'order').value;
        });
    });
})();
