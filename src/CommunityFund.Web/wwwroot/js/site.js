// Behaviour every page shares, kept out of the markup so the Content-Security-Policy can refuse inline script.
(function () {
    'use strict';
    // Wide tables scroll sideways on phones: make each scroll area reachable from the keyboard.
    document.querySelectorAll('.table-responsive:not([tabindex])').forEach(function (e) { e.tabIndex = 0; });

    // A form or a submit button with data-confirm asks before it posts (the text is the page's, localised).
    document.addEventListener('submit', function (e) {
        var form = e.target;
        if (form instanceof HTMLFormElement && form.hasAttribute('data-confirm') && !window.confirm(form.dataset.confirm)) {
            e.preventDefault();
            e.stopImmediatePropagation();
        }
    }, true);
    document.addEventListener('click', function (e) {
        var target = e.target instanceof Element ? e.target : null;
        if (!target) return;
        var confirmButton = target.closest('button[data-confirm], input[type=submit][data-confirm]');
        if (confirmButton && !window.confirm(confirmButton.dataset.confirm)) {
            e.preventDefault();
            return;
        }
        if (target.closest('[data-print]')) { e.preventDefault(); window.print(); return; }
        if (target.closest('[data-back]')) { e.preventDefault(); history.back(); }
    });
    // Long posts (an import, a verification) disable their button and show the spinner while the server works.
    document.addEventListener('submit', function (e) {
        var form = e.target;
        if (!(form instanceof HTMLFormElement) || !form.hasAttribute('data-busy-on-submit') || e.defaultPrevented) return;
        var button = form.querySelector('button');
        if (button) button.disabled = true;
        var spinner = form.querySelector('.spinner-border');
        if (spinner) spinner.classList.remove('d-none');
    });
})();
