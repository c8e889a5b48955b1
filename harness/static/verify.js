// Save answers without leaving the page, so the evaluator's place and focus stay where they
// were, and say the result in the page's live regions: role=status when saved, role=alert when
// not. Without this script the forms still post and the page comes back saying what was saved.
"use strict";

(function () {
  const status = document.getElementById("saved");
  const alertBox = document.getElementById("error");
  const forms = Array.from(document.querySelectorAll("form.answer"));  // one per step
  const questions = Array.from(document.querySelectorAll("form.confirm"));  // one per criterion
  const all = forms.concat(questions);
  const dirty = new Set();

  function say(region, text) {
    // emptied first, so saving the same step twice is announced twice
    region.textContent = "";
    window.setTimeout(function () { region.textContent = text; }, 100);
  }

  function answerOf(form) {
    const data = new FormData(form);
    if (data.has("item")) {
      return {item: data.get("item"), answer: data.get("answer") || "", comment: data.get("comment") || ""};
    }
    return {
      step: data.get("step"),
      verdict: data.get("verdict") || "",
      heard: data.get("heard") || "",
      comment: data.get("comment") || "",
    };
  }

  async function save(chosen) {
    const token = all.length ? new FormData(all[0]).get("token") : "";
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
      Object.entries(body.settled || {}).forEach(function (entry) {
        // the verdict as it stands now, beside its question (said once, by the status region)
        document.querySelectorAll("p.settled").forEach(function (shown) {
          if (shown.dataset.item === entry[0]) {
            shown.querySelector(".settled-vi").textContent = entry[1][0];
            shown.querySelector(".settled-en").textContent = entry[1][1];
          }
        });
      });
      alertBox.textContent = "";
      say(status, body.message);
    } catch (error) {
      const text = String(error.message || error);
      say(alertBox, text.startsWith("Không lưu được") ? text : "Không lưu được / Could not save: " + text);
    }
  }

  all.forEach(function (form) {
    form.addEventListener("input", function () { dirty.add(form); });
    form.addEventListener("change", function () { dirty.add(form); });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      save([form]);
    });
  });

  [["save-all", forms], ["save-all-questions", questions]].forEach(function (pair) {
    const saveAll = document.getElementById(pair[0]);
    if (saveAll && pair[1].length) {
      saveAll.hidden = false;
      saveAll.addEventListener("submit", function (event) {
        event.preventDefault();
        // only what changed: an untouched page saves nothing and says so
        const changed = pair[1].filter(function (form) { return dirty.has(form); });
        if (!changed.length) {
          alertBox.textContent = "";
          say(status, "Chưa có thay đổi nào để lưu / Nothing has changed to save");
          return;
        }
        save(changed);
      });
    }
  });

  window.addEventListener("beforeunload", function (event) {
    if (dirty.size) {  // the browser asks before unsaved answers are lost
      event.preventDefault();
      event.returnValue = "";
    }
  });
})();
