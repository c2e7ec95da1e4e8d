/* Warns an applicant two minutes before the idle session ends and lets them extend it
   (WCAG 2.2.1). Without JavaScript the server-side timeout still applies and the draft
   is kept. Loaded as a file (CSP: no inline script). */
(function () {
  "use strict";
  var body = document.body;
  var seconds = parseInt(body.getAttribute("data-session-timeout") || "", 10);
  var dialog = document.getElementById("session-dialog");
  if (!seconds || !dialog || typeof dialog.showModal !== "function") {
    return;
  }
  var warnBefore = Math.min(120, Math.floor(seconds / 2));
  var warnTimer;
  var endTimer;
  var extendButton = document.getElementById("session-extend");
  var ended = document.getElementById("session-ended");
  var active = document.getElementById("session-active");

  function schedule(total) {
    window.clearTimeout(warnTimer);
    window.clearTimeout(endTimer);
    warnTimer = window.setTimeout(function () {
      active.hidden = false;
      ended.hidden = true;
      dialog.showModal();
      extendButton.focus();
    }, (total - warnBefore) * 1000);
    endTimer = window.setTimeout(function () {
      active.hidden = true;
      ended.hidden = false;
      if (!dialog.open) {
        dialog.showModal();
      }
    }, total * 1000);
  }

  /* A page that names the time it closes (the /termin/ overview) shows the new one. */
  function showNewEnd(total) {
    var until = document.getElementById("grant-until");
    if (!until) {
      return;
    }
    var end = new Date(Date.now() + total * 1000);
    until.setAttribute("datetime", end.toISOString());
    until.textContent = end.toLocaleTimeString(document.documentElement.lang || "de", {
      hour: "2-digit",
      minute: "2-digit",
      timeZone: "Europe/Berlin",
    });
  }

  extendButton.addEventListener("click", function (event) {
    event.preventDefault();
    var form = extendButton.form;
    fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
      headers: { "X-Requested-With": "fetch" },
    })
      .then(function (response) {
        return response.ok ? response.json() : { seconds: 0 };
      })
      .then(function (data) {
        if (data.seconds) {
          dialog.close();
          schedule(data.seconds);
          showNewEnd(data.seconds);
        }
      });
  });
  schedule(seconds);
})();
