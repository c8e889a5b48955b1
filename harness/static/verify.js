// Save answers without leaving the page, so the evaluator's place and focus stay where they
// were, and say the result in the page's live regions: role=status when saved, role=alert when
// not. Without this script the forms still post and the page comes back saying what was saved.
"use strict";

(function () {
  const status = document.getElementById("saved");
  const alertBox = document.getElementById("error");
  const forms = Array.from(document.querySelectorAll("form.answer"));
  const dirty = new Set();

  function say(region, text) {
    // emptied first, so saving the same step twice is announced twice
    region.textContent = "";
    window.setTimeout(function () { region.textContent = text; }, 100);
  }

  function answerOf(form) {
    const data = new FormData(form);
    return {
      step: data.get("step"),
      verdict: data.get("verdict") || "",
      heard: data.get("heard") || "",
      comment: data.get("comment") || "",
    };
  }

  async function save(chosen) {
    const token = forms.length ? new FormData(forms[0]).get("token") : "";
    try {
      const response = await fetch("/answer", {
        method: "POST",
        headers: {"Content-Type": "application/json", "Accept": "application/json"},
        body: JSON.stringify({token: token, answers: chosen.map(answerOf)}),
      });
      const body = await response.json().catch(function () { return {}; });
      if (!response.ok) {
        throw new Error(body.error || "Không lưu được / Could not save (HTTP " + response.status + ")");
      }
      chosen.forEach(function (form) { dirty.delete(form); });
      alertBox.textContent = "";
      say(status, body.message);
    } catch (error) {
      const text = String(error.message || error);
      say(alertBox, text.startsWith("Không lưu được") ? text : "Không lưu được / Could not save: " + text);
    }
  }

  forms.forEach(function (form) {
    form.addEventListener("input", function () { dirty.add(form); });
    form.addEventListener("change", function () { dirty.add(form); });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      save([form]);
    });
  });

  const saveAll = document.getElementById("save-all");
  if (saveAll && forms.length) {
    saveAll.hidden = false;
    saveAll.addEventListener("submit", function (event) {
      event.preventDefault();
      save(forms);
    });
  }

  window.addEventListener("beforeunload", function (event) {
    if (dirty.size) {  // the browser asks before unsaved answers are lost
      event.preventDefault();
      event.returnValue = "";
    }
  });
})();
