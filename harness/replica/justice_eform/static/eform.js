/* Script of the justice-sector eForm replica: the numbered steps of one document, checked in the
   browser and changed without reloading (history.pushState); the address selects; the preview;
   CAPTCHA refresh and audio; the lookup answered in place. Both variants load this file; the
   accessible twin moves focus and announces as the WAI-ARIA Authoring Practices ask. */
(function () {
  "use strict";
  var accessible = document.body.dataset.variant === "accessible";

  function announce(region, text) {
    if (!region) { return; }
    region.textContent = "";
    window.setTimeout(function () { region.textContent = text; }, 150);
  }

  function toast(text) {
    /* the defective twin's only word on an error: a toast no screen reader hears */
    var item = document.createElement("div");
    item.className = "toast show align-items-center text-bg-danger border-0";
    item.textContent = text;
    document.getElementById("toast-area").appendChild(item);
    window.setTimeout(function () { item.remove(); }, 4000);
  }

  var form = document.getElementById("eform");
  if (form) { steps(form); }

  function steps(form) {
    var sections = Array.prototype.slice.call(form.querySelectorAll("section.step"));
    var stepper = document.querySelectorAll(".stepper li");
    var titleTail = " - " + document.title.split(" - ").slice(1).join(" - ");

    function show(n, moved) {
      sections.forEach(function (s) { s.hidden = Number(s.dataset.step) !== n; });
      stepper.forEach(function (li) {
        var current = Number(li.dataset.step) === n;
        li.classList.toggle("active", current);
        if (accessible) {
          if (current) { li.setAttribute("aria-current", "step"); } else { li.removeAttribute("aria-current"); }
        }
      });
      if (!moved) { return; }
      history.pushState({ step: n }, "", form.dataset.base + n);
      if (accessible) {
        var heading = document.getElementById("step-" + n + "-title");
        document.title = heading.textContent.replace(/^Bước (\d):/, "Bước $1/4:") + titleTail;
        heading.focus();
      }
    }

    function missing(section) {
      var wrong = [];
      section.querySelectorAll("[data-required]").forEach(function (field) {
        var empty = field.type === "checkbox" ? !field.checked
          : field.type === "radio" ? !form.querySelector('input[name="' + field.name + '"]:checked')
          : field.type === "file" ? field.files.length === 0 : !field.value.trim();
        if (empty && !wrong.some(function (w) { return w.name === field.name; })) { wrong.push(field); }
      });
      return wrong;
    }

    function clearErrors(section) {
      section.querySelectorAll(".invalid-feedback, .error-list").forEach(function (e) { e.remove(); });
      section.querySelectorAll(".is-invalid").forEach(function (f) {
        f.classList.remove("is-invalid");
        f.removeAttribute("aria-invalid");
        var described = (f.getAttribute("aria-describedby") || "").split(" ").filter(function (id) {
          return id && !/-error$/.test(id);
        });
        if (described.length) { f.setAttribute("aria-describedby", described.join(" ")); } else { f.removeAttribute("aria-describedby"); }
      });
    }

    function labelOf(field) {
      var group = field.closest("[data-group]");
      var label = group ? group.querySelector("legend, .form-label") : form.querySelector('label[for="' + field.id + '"]');
      return label.textContent.replace("*", "").replace("sao", "").trim();
    }

    function report(section, wrong) {
      wrong.forEach(function (field) {
        var message = document.createElement(accessible ? "p" : "div");
        message.className = "invalid-feedback d-block";
        message.textContent = "Chưa có " + labelOf(field).toLowerCase() + ".";
        var place = field.closest("[data-group]") || field.closest(".field");
        place.appendChild(message);
        if (field.type !== "hidden") { field.classList.add("is-invalid"); }
        if (!accessible) { return; }
        message.id = field.name + "-error";
        var targets = field.type === "radio" ? form.querySelectorAll('input[name="' + field.name + '"]') : [field];
        Array.prototype.forEach.call(targets, function (target) {
          target.classList.add("is-invalid");
          target.setAttribute("aria-invalid", "true");
          target.setAttribute("aria-describedby", ((target.getAttribute("aria-describedby") || "") + " " + message.id).trim());
        });
      });
      if (!accessible) {
        /* defect Q08: red texts beside the fields, tied to none, and a toast outside any live region */
        toast("Vui lòng nhập đầy đủ thông tin bắt buộc.");
        return;
      }
      var list = document.createElement("div");
      list.className = "alert alert-danger error-list";
      list.setAttribute("role", "alert");
      list.tabIndex = -1;
      list.innerHTML = "<p class=\"mb-1\">Còn " + wrong.length + " mục chưa khai:</p><ul class=\"mb-0\"></ul>";
      wrong.forEach(function (field) {
        var item = document.createElement("li");
        var link = document.createElement("a");
        link.href = "#" + (field.type === "radio" ? form.querySelector('input[name="' + field.name + '"]').id : field.id);
        link.textContent = document.getElementById(field.name + "-error").textContent;
        item.appendChild(link);
        list.querySelector("ul").appendChild(item);
      });
      section.insertBefore(list, section.children[1]);
      list.focus();
    }

    function preview() {
      var rows = document.getElementById("preview-rows");
      Array.prototype.slice.call(rows.children).forEach(function (row) {
        if (!row.classList.contains("preview-head")) { row.remove(); }
      });
      form.querySelectorAll("section.step:not([data-step='4']) [name]").forEach(function (field) {
        if (field.type === "radio" && !field.checked) { return; }
        if (field.type === "hidden") { return; }
        var step = field.closest("section.step").dataset.step;
        var value = field.type === "file" ? (field.files[0] ? field.files[0].name : "")
          : field.type === "checkbox" ? (field.checked ? "Có" : "Không") : field.value;
        if (accessible) {
          var tr = rows.insertRow();
          var th = document.createElement("th");
          th.scope = "row";
          th.textContent = labelOf(field);
          tr.appendChild(th);
          tr.insertCell().textContent = value;
          tr.insertCell().textContent = step;
        } else {
          var row = document.createElement("div");
          row.className = "row border-bottom py-1";
          row.innerHTML = "<div class=\"col-4\"></div><div class=\"col-6\"></div><div class=\"col-2\"></div>";
          row.children[0].textContent = labelOf(field);
          row.children[1].textContent = value;
          row.children[2].textContent = step;
          rows.appendChild(row);
        }
      });
    }

    form.addEventListener("click", function (event) {
      var button = event.target.closest("[data-e2e]");
      if (!button || button.dataset.e2e === "btn-submit") { return; }
      var section = button.closest("section.step");
      var n = Number(section.dataset.step);
      if (button.dataset.e2e === "btn-back") { show(n - 1, true); return; }
      clearErrors(section);
      var wrong = missing(section);
      if (wrong.length) { report(section, wrong); return; }
      if (button.dataset.e2e === "btn-preview") { preview(); }
      /* defect Q09: the defective twin leaves focus on the button it just hid and says nothing */
      show(n + 1, true);
    });

    /* only "Gửi hồ sơ" sends the form: Enter in a field must never send it */
    form.addEventListener("submit", function (event) {
      if (!event.submitter || event.submitter.id !== "btn-gui") { event.preventDefault(); }
    });

    var communes = JSON.parse(document.getElementById("communes").textContent);
    document.getElementById("tinh").addEventListener("change", function (event) {
      var list = communes[event.target.value] || [];
      var select = document.getElementById("xa");
      select.length = 1;
      list.forEach(function (name) { select.add(new Option(name, name)); });
      if (accessible) { announce(document.getElementById("xa-status"), "Danh sách phường, xã đã cập nhật: " + list.length + " mục."); }
    });

    window.addEventListener("popstate", function (event) {
      if (event.state && event.state.step) { show(event.state.step, false); }
    });
    show(Number(form.dataset.step), false);
  }

  /* the lookup, answered in place */
  var lookup = document.getElementById("lookup-form");
  if (lookup) {
    lookup.addEventListener("submit", function (event) {
      event.preventDefault();
      var data = {};
      new FormData(lookup).forEach(function (value, key) { data[key] = value; });
      fetch(lookup.dataset.api, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(data) })
        .then(function (response) { return response.json(); })
        .then(function (answer) {
          var result = document.getElementById("lookup-result");
          var body = result.querySelector(".lookup-body");
          if (answer.errors) {
            body.textContent = Object.keys(answer.errors).map(function (k) { return answer.errors[k]; }).join(" ");
          } else if (!answer.dossier) {
            body.textContent = "Không tìm thấy hồ sơ có mã " + data.code + ".";
          } else {
            var d = answer.dossier;
            body.innerHTML = "<table class=\"table table-bordered\"><tbody></tbody></table>";
            [["Mã hồ sơ", d.code], ["Thủ tục", d.procedure], ["Người nộp", d.applicant], ["Tình trạng", d.status], ["Ngày tiếp nhận", d.received_at]].forEach(function (pair) {
              var tr = body.querySelector("tbody").insertRow();
              var th = document.createElement("th");
              th.scope = "row";
              th.textContent = pair[0];
              tr.appendChild(th);
              tr.insertCell().textContent = pair[1];
            });
          }
          result.hidden = false;
          if (accessible) { document.getElementById("lookup-result-title").focus(); }
          refreshCaptcha(lookup.querySelector("[data-captcha]"));
        });
    });
  }

  function refreshCaptcha(box) {
    return fetch("/captcha/new", { cache: "no-store" })
      .then(function (response) { return response.json(); })
      .then(function (data) {
        box.querySelector(".captcha-img").src = "/captcha/" + data.id + ".svg";
        box.querySelector('input[name="captcha_id"]').value = data.id;
        box.querySelector(".captcha-input").value = "";
      });
  }

  document.addEventListener("click", function (event) {
    var refresh = event.target.closest(".captcha-refresh");
    var audio = event.target.closest(".captcha-audio");
    if (!refresh && !audio) { return; }
    var box = (refresh || audio).closest("[data-captcha]");
    var status = box.querySelector(".captcha-status");
    if (refresh) {
      refreshCaptcha(box).then(function () { announce(status, "Đã đổi mã mới."); });
      return;
    }
    var id = box.querySelector('input[name="captcha_id"]').value;
    new Audio("/captcha/" + id + ".wav").play().catch(function () {
      announce(status, "Không phát được âm thanh. Hãy đổi mã khác rồi nghe lại.");
    });
  });

  var first = document.querySelector("[data-autofocus]");
  if (first) { first.focus(); }
})();
