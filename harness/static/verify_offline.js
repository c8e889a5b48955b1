// The offline verify page (verify.html in a results folder, opened from disk): answers are
// kept in this browser's localStorage, one key per run, and exported as one JSON file that
// `pesp-a11y verify --import FILE RUN_DIR` merges. Every save says what it truly did, in the
// status region (role=status) or, when refused, the alert region (role=alert).
"use strict";

(function () {
  const main = document.getElementById("main");
  const runKey = main.dataset.run;
  const storeKey = "pesp-a11y-verify:" + runKey;
  const status = document.getElementById("saved");
  const alertBox = document.getElementById("error");
  const progress = document.getElementById("progress");
  const steps = Array.from(document.querySelectorAll("form.answer"));  // one per step
  const questions = Array.from(document.querySelectorAll("form.confirm"));  // one per criterion
  const all = steps.concat(questions);
  const exporter = document.getElementById("export");
  const dirty = new Set();
  const VERDICTS = ["match", "differs", "blocked"];

  function say(region, text) {
    // emptied first, so saying the same thing twice is announced twice
    (region === status ? alertBox : status).textContent = "";
    region.textContent = "";
    window.setTimeout(function () { region.textContent = text; }, 100);
  }

  function load() {
    let saved = {};
    try { saved = JSON.parse(window.localStorage.getItem(storeKey) || "{}") || {}; } catch (e) { saved = {}; }
    return {answers: saved.answers || {}, confirmations: saved.confirmations || {}, by: saved.by || ""};
  }

  function part(form) { return form.classList.contains("answer") ? "answers" : "confirmations"; }
  function keyOf(form) { const data = new FormData(form); return data.get("step") || data.get("item"); }

  function fieldsOf(form) {
    const data = new FormData(form);
    if (part(form) === "answers") {
      return {verdict: data.get("verdict") || "", heard: data.get("heard") || "", comment: data.get("comment") || ""};
    }
    return {answer: data.get("answer") || "", comment: data.get("comment") || ""};
  }

  function capital(text) { return text.charAt(0).toUpperCase() + text.slice(1); }

  function updateProgress(saved) {
    const verified = steps.filter(function (form) {
      const answer = saved.answers[keyOf(form)];
      return answer && VERDICTS.indexOf(answer.verdict) >= 0;
    }).length;
    progress.textContent = "Đã kiểm chứng " + verified + " trên " + steps.length +
      " bước (chỉ tính bước đã chọn câu trả lời). / " + verified + " of " + steps.length +
      " steps verified (only steps with an answer chosen count).";
  }

  function save(chosen) {
    const saved = load();
    const told = {answer: [], comment: [], empty: []};
    for (const form of chosen) {
      const fields = fieldsOf(form);
      if (fields.answer === "not-met" && !fields.comment.trim()) {
        say(alertBox, "Không lưu được / Could not save: hãy ghi rõ " + form.dataset.labelVi +
          " chưa đạt ở đâu trong ô ghi chú / say in the comment where " + form.dataset.labelEn + " is not met");
        return;
      }
      const written = Object.values(fields).some(function (value) { return value.trim(); });
      if (!written) {
        delete saved[part(form)][keyOf(form)];
        told.empty.push(form);
        continue;
      }
      saved[part(form)][keyOf(form)] = Object.assign(fields, {saved_at: new Date().toISOString()});
      told[fields.verdict || fields.answer ? "answer" : "comment"].push(form);
    }
    try {
      window.localStorage.setItem(storeKey, JSON.stringify(saved));
    } catch (error) {
      say(alertBox, "Không lưu được trong trình duyệt này / Could not save in this browser: " + error.message);
      return;
    }
    chosen.forEach(function (form) { dirty.delete(form); });
    updateProgress(saved);
    say(status, message(chosen, told));
  }

  function message(chosen, told) {
    if (chosen.length === 1) {
      const form = chosen[0];
      const vi = form.dataset.labelVi;
      const en = form.dataset.labelEn;
      if (told.answer.length) { return "Đã lưu " + vi + " trong trình duyệt này / " + capital(en) + " saved in this browser"; }
      if (told.comment.length) {
        return "Đã lưu " + vi + ", nhưng chưa chọn câu trả lời nên chưa tính là đã kiểm chứng / " +
          capital(en) + " saved, but no answer is chosen, so it is not verified";
      }
      return "Chưa lưu gì cho " + vi + ": chưa chọn câu trả lời / Nothing saved for " + en + ": no answer is chosen";
    }
    const words = part(chosen[0]) === "answers" ? ["bước", "step"] : ["câu hỏi", "question"];
    if (!told.answer.length && !told.comment.length) {
      return "Không lưu gì: chưa chọn câu trả lời nào / Nothing saved: no answer is chosen";
    }
    let vi = "Đã lưu " + told.answer.length + " " + words[0] + " trong trình duyệt này";
    let en = told.answer.length + " " + words[1] + (told.answer.length === 1 ? "" : "s") + " saved in this browser";
    if (told.comment.length) {
      vi += ", " + told.comment.length + " " + words[0] + " chỉ có ghi chú, chưa có câu trả lời";
      en += ", " + told.comment.length + " with a comment only and no answer";
    }
    return vi + " / " + en;
  }

  function restore() {
    const saved = load();
    all.forEach(function (form) {
      const answer = saved[part(form)][keyOf(form)];
      if (!answer) { return; }
      const choice = answer.verdict || answer.answer;
      form.querySelectorAll("input[type=radio]").forEach(function (radio) { radio.checked = radio.value === choice; });
      ["heard", "comment"].forEach(function (name) {
        const box = form.querySelector("textarea[name=" + name + "]");
        if (box) { box.value = answer[name] || ""; }
      });
    });
    document.getElementById("evaluator").value = saved.by;
    updateProgress(saved);
  }

  function exportAnswers(event) {
    event.preventDefault();
    const saved = load();
    const count = Object.keys(saved.answers).length + Object.keys(saved.confirmations).length;
    if (!count) {
      say(alertBox, "Chưa có câu trả lời nào đã lưu để xuất / There is no saved answer to export");
      return;
    }
    saved.by = document.getElementById("evaluator").value.trim();
    try { window.localStorage.setItem(storeKey, JSON.stringify(saved)); } catch (e) { /* the file still holds the name */ }
    const file = {
      format: "pesp-a11y-verification-answers", version: 1, run: runKey, portal: main.dataset.portal,
      by: saved.by, exported_at: new Date().toISOString(), answers: saved.answers, confirmations: saved.confirmations,
    };
    const name = "verification-answers-" + runKey + ".json";
    const link = document.createElement("a");
    link.href = URL.createObjectURL(new Blob([JSON.stringify(file, null, 2)], {type: "application/json"}));
    link.download = name;
    document.body.appendChild(link);
    link.click();
    link.remove();
    window.setTimeout(function () { URL.revokeObjectURL(link.href); }, 10000);
    let told = "Đã xuất " + count + " câu trả lời ra tệp " + name + " / " + count + " answers exported to " + name;
    if (dirty.size) {
      told += ". " + dirty.size + " biểu mẫu có thay đổi chưa lưu không nằm trong tệp / " + dirty.size +
        " forms with unsaved changes are not in the file";
    }
    say(status, told);
  }

  all.forEach(function (form) {
    form.addEventListener("input", function () { dirty.add(form); });
    form.addEventListener("change", function () { dirty.add(form); });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      save([form]);
    });
  });

  [["save-all", steps], ["save-all-questions", questions]].forEach(function (pair) {
    const saveAll = document.getElementById(pair[0]);
    if (saveAll && pair[1].length) {
      saveAll.hidden = false;
      saveAll.addEventListener("submit", function (event) {
        event.preventDefault();
        const changed = pair[1].filter(function (form) { return dirty.has(form); });
        if (!changed.length) {
          say(status, "Chưa có thay đổi nào để lưu / Nothing has changed to save");
          return;
        }
        save(changed);
      });
    }
  });

  exporter.addEventListener("submit", exportAnswers);
  window.addEventListener("beforeunload", function (event) {
    if (dirty.size) {  // the browser asks before unsaved answers are lost
      event.preventDefault();
      event.returnValue = "";
    }
  });
  restore();
})();
