// The review app's page script: keyboard-first verdicts (j/k move, a accept, e correct,
// f flag, Enter saves, Esc cancels), the live check of a typed correction, the form status.
// Every text from the server is set with textContent, never as HTML.
(function () {
  "use strict";
  var body = document.body;
  var rows = Array.prototype.slice.call(document.querySelectorAll("tr.value"));
  var current = -1;
  var mode = null; // "edit" | "flag" while an editor is open
  var checkTimer = null;

  function msg(key) {
    return body.getAttribute("data-msg-" + key.replace(/_/g, "-")) || key;
  }

  function flash(text, failed) {
    var box = document.getElementById("flash");
    box.textContent = text;
    box.className = failed ? "failed shown" : "shown";
    window.clearTimeout(flash.timer);
    flash.timer = window.setTimeout(function () { box.className = ""; }, 1500);
  }

  function post(url, data) {
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(data),
    }).then(function (response) {
      return response.json().then(function (answer) {
        if (!response.ok) { throw new Error(answer.error || String(response.status)); }
        return answer;
      });
    });
  }

  function select(index) {
    if (!rows.length) { return; }
    index = Math.max(0, Math.min(rows.length - 1, index));
    if (current >= 0) { rows[current].classList.remove("current"); }
    current = index;
    rows[current].classList.add("current");
    rows[current].scrollIntoView({ block: "nearest" });
  }

  function editor(row) { return row.querySelector(".editor"); }

  function showCheck(row, answer) {
    var box = row.querySelector(".check");
    box.textContent = "";
    var lines = [];
    if (answer.error) { lines.push(answer.error); }
    if (answer.shown !== undefined && answer.shown !== null && !answer.error) {
      lines.push("→ " + answer.shown + (answer.parsed ? " (" + msg("parsed") + ": " + answer.parsed + ")" : ""));
    }
    (answer.failures || []).forEach(function (failure) { lines.push(msg("rule_failures") + ": " + failure); });
    lines.forEach(function (text) {
      var line = document.createElement("div");
      line.textContent = text;
      box.appendChild(line);
    });
    box.classList.toggle("bad", Boolean(answer.error || (answer.failures && answer.failures.length)));
  }

  function open(kind) {
    if (current < 0) { return; }
    var row = rows[current];
    mode = kind;
    var box = editor(row);
    box.hidden = false;
    var input = row.querySelector(kind === "edit" ? "input.new" : "input.comment");
    row.querySelector("input.new").hidden = kind !== "edit";
    row.querySelector("input.comment").hidden = kind !== "flag";
    row.querySelector(".check").textContent = "";
    if (kind === "edit") { input.value = row.getAttribute("data-shown"); }
    input.focus();
    input.select();
  }

  function close() {
    if (current >= 0) { editor(rows[current]).hidden = true; }
    mode = null;
  }

  function setStatus(status) {
    var shown = document.getElementById("status");
    if (shown) {
      shown.textContent = msg("status_" + status);
      shown.className = "status-" + status;
    }
  }

  function save(kind, extra) {
    var row = rows[current];
    var data = { record: row.getAttribute("data-record"), field: row.getAttribute("data-field"), verdict: kind };
    Object.keys(extra || {}).forEach(function (key) { data[key] = extra[key]; });
    return post("/api/verdict", data).then(function (answer) {
      var verdict = msg("verdict_" + answer.verdict);
      row.querySelector(".verdict").textContent = data.comment ? verdict + ": " + data.comment : verdict;
      row.classList.add("judged");
      if (kind === "correct") {
        var shown = answer.shown === null ? "" : answer.shown;
        row.querySelector(".text").textContent = shown || "—";
        row.setAttribute("data-shown", shown);
        row.querySelector(".parsed").textContent = answer.parsed || "";
        row.querySelector(".machine").hidden = false;
        showCheck(row, answer);
      }
      setStatus(answer.status);
      if (kind !== "correct" || !(answer.failures || []).length) { close(); }
      flash(msg("saved"));
      var next = body.getAttribute("data-next");
      // the queue moves on, unless a correction breaks a rule: the auditor reads it first (j)
      if (body.getAttribute("data-page") === "queue" && !(answer.failures || []).length) {
        if (next) { window.location.assign(next); } else { window.location.reload(); }
      }
    }).catch(function (error) {
      flash(msg("save_failed") + ": " + error.message, true);
      if (kind === "correct") { showCheck(row, { error: error.message }); }
    });
  }

  function checkTyped() {
    var row = rows[current];
    var data = { record: row.getAttribute("data-record"), field: row.getAttribute("data-field"), new: row.querySelector("input.new").value };
    post("/api/check", data).then(function (answer) { showCheck(row, answer); }).catch(function () {});
  }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) { return; }
    if (mode) {
      if (event.key === "Escape") { event.preventDefault(); close(); }
      else if (event.key === "Enter") {
        event.preventDefault();
        var row = rows[current];
        if (mode === "edit") { save("correct", { new: row.querySelector("input.new").value }); }
        else { save("flag", { comment: row.querySelector("input.comment").value }); }
      }
      return;
    }
    var target = event.target;
    if (target && (target.tagName === "INPUT" || target.tagName === "SELECT" || target.tagName === "TEXTAREA")) { return; }
    var queue = body.getAttribute("data-page") === "queue";
    if (event.key === "j") {
      event.preventDefault();
      if (queue && body.getAttribute("data-next")) { window.location.assign(body.getAttribute("data-next")); }
      else { select(current + 1); }
    } else if (event.key === "k") {
      event.preventDefault();
      if (queue && body.getAttribute("data-previous")) { window.location.assign(body.getAttribute("data-previous")); }
      else { select(current - 1); }
    } else if (current >= 0 && event.key === "a") { event.preventDefault(); save("accept"); }
    else if (current >= 0 && event.key === "e") { event.preventDefault(); open("edit"); }
    else if (current >= 0 && event.key === "f") { event.preventDefault(); open("flag"); }
  });

  document.addEventListener("input", function (event) {
    if (mode === "edit" && event.target.classList.contains("new")) {
      window.clearTimeout(checkTimer);
      checkTimer = window.setTimeout(checkTyped, 150);
    }
  });

  rows.forEach(function (row, index) {
    row.addEventListener("click", function (event) {
      var act = event.target.getAttribute && event.target.getAttribute("data-act");
      if (index !== current) { close(); select(index); }
      if (act === "accept") { save("accept"); }
      else if (act === "edit") { open("edit"); }
      else if (act === "flag") { open("flag"); }
    });
  });

  Array.prototype.forEach.call(document.querySelectorAll("button[data-status]"), function (button) {
    button.addEventListener("click", function () {
      post("/api/status", { record: body.getAttribute("data-record"), status: button.getAttribute("data-status") })
        .then(function (answer) { setStatus(answer.status); flash(msg("saved")); })
        .catch(function (error) { flash(msg("save_failed") + ": " + error.message, true); });
    });
  });

  if (rows.length) { select(0); }
}());
