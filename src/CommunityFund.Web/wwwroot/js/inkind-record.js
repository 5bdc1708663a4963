(() => {
    const lines = document.getElementById('item-lines');
    const max = parseInt(lines.dataset.max, 10);
    // Exact money arithmetic (BigInt): quantity in thousandths × unit value in fen, rounded half up to the fen, as the server does.
    const thousandths = t => /^[0-9]+(\.[0-9]{1,3})?$/.test(t) ? BigInt(t.split('.')[0]) * 1000n + BigInt(((t.split('.')[1] || '') + '000').slice(0, 3)) : null;
    const fen = t => { t = t.replace(/^[¥￥]/, ''); return /^[0-9]+(\.[0-9]{1,2})?$/.test(t) ? BigInt(t.split('.')[0]) * 100n + BigInt(((t.split('.')[1] || '') + '00').slice(0, 2)) : null; };
    const money = f => '¥' + (f / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',') + '.' + (f % 100n).toString().padStart(2, '0');
    function recompute() {
        let total = 0n, complete = true;
        lines.querySelectorAll('.item-line').forEach(line => {
            const q = thousandths(line.querySelector('.js-qty').value.trim()), v = fen(line.querySelector('.js-value').value.trim());
            const out = line.querySelector('.js-subtotal');
            if (q === null || v === null) { out.textContent = '—'; complete = false; return; }
            const sub = (q * v + 500n) / 1000n;
            out.textContent = money(sub);
            total += sub;
        });
        document.getElementById('inkind-total').textContent = total > 0n ? money(total) + (complete ? '' : ' …') : '—';
    }
    // Keep the indexes contiguous (Items[0], Items[1], …) so every row binds after a removal.
    function renumber() {
        const all = lines.querySelectorAll('.item-line');
        all.forEach((line, i) => {
            line.querySelectorAll('[name],[id],[for],[data-valmsg-for]').forEach(el => {
                for (const a of ['name', 'id', 'for', 'data-valmsg-for']) {
                    const v = el.getAttribute(a);
                    if (v) el.setAttribute(a, v.replace(/Items\[\d+\]/, 'Items[' + i + ']').replace(/Items_\d+__/, 'Items_' + i + '__'));
                }
            });
            line.querySelector('.js-remove').classList.toggle('d-none', all.length === 1);
        });
        document.getElementById('add-line').disabled = all.length >= max;
    }
    document.getElementById('add-line').addEventListener('click', e => {
        e.preventDefault();
        const all = lines.querySelectorAll('.item-line');
        if (all.length >= max) return;
        const copy = all[all.length - 1].cloneNode(true);
        copy.querySelectorAll('input').forEach(i => { i.value = ''; i.classList.remove('input-validation-error'); });
        copy.querySelectorAll('[data-valmsg-for]').forEach(s => { s.textContent = ''; s.classList.replace('field-validation-error', 'field-validation-valid'); });
        lines.appendChild(copy);
        renumber();
        recompute();
        copy.querySelector('input').focus();
    });
    lines.addEventListener('click', e => {
        if (!e.target.classList.contains('js-remove')) return;
        e.target.closest('.item-line').remove();
        renumber();
        recompute();
    });
    lines.addEventListener('input', recompute);
    const picker = document.getElementById('Input_DonorId');
    picker.addEventListener('change', () => document.getElementById('new-donor').classList.toggle('d-none', picker.value !== ''));
    renumber();
    recompute();
})();
