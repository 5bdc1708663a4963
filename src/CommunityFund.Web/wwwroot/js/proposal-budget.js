(() => {
    // Budget rows: add and remove rows (renumbering the names so the binder sees a dense list) and show each
    // subtotal and the total as the user types. Display only: the server computes the totals it stores.
    const body = document.getElementById('budget-rows');
    if (!body) return;
    const template = document.getElementById('budget-row-template');
    const total = document.getElementById('budget-total');
    const add = document.getElementById('add-line');
    const cap = parseFloat(total.dataset.cap);
    const max = parseInt(body.dataset.max, 10);
    const money = v => '¥' + v.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    const price = s => /^\d+(\.\d{1,2})?$/.test(s.trim()) ? parseFloat(s) : NaN;
    const quantity = s => /^\d+$/.test(s.trim()) && parseInt(s, 10) > 0 ? parseInt(s, 10) : NaN;
    const refresh = () => {
        let sum = 0;
        [...body.rows].forEach((tr, i) => {
            tr.querySelectorAll('[name]').forEach(el => {
                el.name = el.name.replace(/Lines\[(\d+|__i__)\]/, 'Lines[' + i + ']');
                el.id = el.name.replace(/[.\[\]]/g, '_');
            });
            const p = price(tr.querySelector('[data-price]').value), q = quantity(tr.querySelector('[data-qty]').value);
            const cell = tr.querySelector('[data-subtotal]');
            if (isNaN(p) || isNaN(q)) { cell.textContent = '—'; return; }
            cell.textContent = money(p * q);
            sum += Math.round(p * 100) * q;
        });
        total.textContent = money(sum / 100);
        total.classList.toggle('text-danger', sum / 100 > cap);
        add.disabled = body.rows.length >= max;
    };
    add.addEventListener('click', () => {
        body.insertAdjacentHTML('beforeend', template.innerHTML);
        refresh();
        body.rows[body.rows.length - 1].querySelector('input').focus();
    });
    body.addEventListener('click', e => {
        const button = e.target.closest('[data-remove-row]');
        if (!button) return;
        button.closest('tr').remove();
        refresh();
    });
    body.addEventListener('input', refresh);
    body.addEventListener('change', refresh);
    refresh();
})();
