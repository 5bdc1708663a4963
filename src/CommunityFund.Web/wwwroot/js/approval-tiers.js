(() => {
    // Tier rows: add (before the last, unbounded one), remove, renumber the field names so the model binder sees a dense list.
    const rows = document.getElementById('tier-rows');
    const index = (text, i) => text.replace(/Tiers\[\d+\]/, 'Tiers[' + i + ']');
    const renumber = () => [...rows.rows].forEach((tr, i) => {
        tr.querySelectorAll('input').forEach(input => {
            if (input.name === '__Invariant') { input.value = index(input.value, i); return; } // the binder's culture marker names its field
            input.name = index(input.name, i);
            input.id = input.type === 'checkbox' ? 'tier-chair-' + i : input.name.replace(/[.\[\]]/g, '_');
        });
        tr.querySelectorAll('label').forEach(label => label.htmlFor = 'tier-chair-' + i);
    });
    document.getElementById('add-tier').addEventListener('click', () => {
        if (!rows.rows.length) return;
        const tr = rows.rows[rows.rows.length - 1].cloneNode(true);
        tr.querySelectorAll('input').forEach(input => {
            if (input.type === 'checkbox') input.checked = false;
            else if (input.type === 'number') input.value = '1';
            else if (input.type === 'text') input.value = '';
        });
        tr.querySelectorAll('.text-danger').forEach(s => s.textContent = '');
        rows.insertBefore(tr, rows.rows[rows.rows.length - 1]); // the last tier stays the unbounded one
        renumber();
        tr.querySelector('input[type=text]').focus();
    });
    rows.addEventListener('click', e => {
        if (!e.target.matches('[data-remove-row]') || rows.rows.length <= 1) return;
        e.target.closest('tr').remove();
        renumber();
    });
})();
