// The live queue: when a case changes, fetch this page again and swap in its table and counts.
// Without JavaScript (or EventSource) the page is an ordinary page.
(function () {
  if (!window.EventSource || !window.fetch || !window.DOMParser) return;
  if (!document.getElementById('queue')) return;
  var waiting = false;
  function refresh() {
    waiting = false;
    fetch(location.href, { credentials: 'same-origin' })
      .then(function (r) { return r.ok ? r.text() : null; })
      .then(function (html) {
        if (!html) return;
        var fresh = new DOMParser().parseFromString(html, 'text/html');
        ['queue', 'counts'].forEach(function (id) {
          var now = document.getElementById(id), next = fresh.getElementById(id);
          if (now && next) now.replaceWith(next);
        });
        document.body.setAttribute('data-refreshed', String(Date.now()));
      });
  }
  new EventSource('/events').addEventListener('cases', function () {
    if (!waiting) { waiting = true; setTimeout(refresh, 250); }
  });
})();
