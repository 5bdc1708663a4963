(() => {
    // Rubric rows: add, remove, renumber the field names so the model binder sees a dense list, and show the running total.
    const rows = document.getElementById('rubric-rows');
    const total = document.getElementById('rubric-total');
    const renumber = () => {
        [...rows.rows].forEach((tr, i) => tr.querySelectorAll('input').forEach(input => {
            input.name = input.name.replace(/Rubric\[\d+\]/, 'Rubric[' + i + ']');
            input.id = input.name.replace(/[.\[\]]/g, '_');
        }));
        const sum = [...rows.querySelectorAll('input[type=number]')].reduce((s, i) => s + (parseFloat(i.value) || 0), 0);
        total.textContent = sum;
        total.className = sum === 100 ? 'text-success' : 'text-danger';
    };
    document.getElementById('add-criterion').addEventListener('click', () => {
        const i = rows.rows.length;
        const tr = document.createElement('tr');
        tr.innerHTML = rows.rows.length ? rows.rows[0].innerHTML : '';
        if (!tr.innerHTML) return;
        tr.querySelectorAll('input').forEach(input => { input.value = ''; input.name = input.name.replace(/Rubric\[\d+\]/, 'Rubric[' + i + ']'); });
        rows.appendChild(tr);
        renumber();
    });
    rows.addEventListener('click', e => {
        if (!e.target.matches('[data-remove-row]') || rows.rows.length <= 1) return;
        e.target.closest('tr').remove();
        renumber();
    });
    rows.addEventListener('input', renumber);
    renumber();
})();
