(function () {
    var list = document.getElementById('tally-rows');
    var url = list.dataset.url;
    function render(data) {
        document.getElementById('tally-ballots').textContent = data.ballots;
        document.getElementById('tally-votes').textContent = data.votes;
        document.getElementById('tally-updated').textContent = data.updatedAtChina;
        data.rows.forEach(function (r) {
            var li = list.querySelector('li[data-id="' + r.id + '"]');
            if (!li) return; // a proposal accepted after the page loaded shows on the next full load
            li.querySelector('.bar').style.width = r.percent + '%';
            li.querySelector('.votes').textContent = r.votes;
        });
    }
    function poll() {
        fetch(url, { headers: { 'Accept': 'application/json' }, cache: 'no-store' })
            .then(function (res) { return res.ok ? res.json() : null; })
            .then(function (data) { if (data) render(data); })
            .catch(function () { /* the screen keeps the last numbers until the network is back */ });
    }
    setInterval(poll, parseInt(list.dataset.refreshSeconds, 10) * 1000);
})();
