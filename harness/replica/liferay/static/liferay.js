/* Scripts of the Liferay portal replica: jQuery UI date pickers, the application's tabs and
   their validator (Liferay's AUI form validator), the captcha's refresh and audio, and the
   lookup portlet's resource request. Both variants load this file; the accessible twin adds
   what the WAI-ARIA Authoring Practices ask of tabs, of errors and of new content. */
(function ($) {
  "use strict";
  var accessible = document.body.dataset.variant === "accessible";

  function announce(region, text) {
    if (!region) { return; }
    region.textContent = "";
    window.setTimeout(function () { region.textContent = text; }, 150);
  }

  function captionOf(row) {
    var caption = row.querySelector("legend, label, .lbl");
    return caption ? caption.textContent.replace("*", "").trim() : "";
  }

  /* jQuery UI date pickers. The defective field is read-only and the calendar opens on focus;
     the accessible one takes a typed date and opens the calendar only from its own button. */
  $(".date-picker").each(function () {
    var options = {
      dateFormat: "dd/mm/yy", changeMonth: true, changeYear: true, yearRange: "1950:2030",
      dayNamesMin: ["CN", "T2", "T3", "T4", "T5", "T6", "T7"],
      monthNamesShort: ["Th1", "Th2", "Th3", "Th4", "Th5", "Th6", "Th7", "Th8", "Th9", "Th10",
        "Th11", "Th12"]
    };
    if (accessible) {
      options.showOn = "button";
      options.buttonText = "Chọn ngày từ lịch";
    }
    $(this).datepicker(options);
  });

  /* the application's four tabs, all in the page, shown one at a time */
  var form = document.querySelector(".lfr-eform");
  if (form) {
    var panes = Array.prototype.slice.call(form.querySelectorAll(".tab-pane"));
    var tabs = Array.prototype.slice.call(form.querySelectorAll(".nav-tabs [data-tab]"));
    var show = function (number, moveFocus) {
      panes.forEach(function (pane) {
        var on = pane.dataset.pane === String(number);
        pane.hidden = !on;
        pane.classList.toggle("active", on);
      });
      tabs.forEach(function (tab) {
        var on = tab.dataset.tab === String(number);
        (accessible ? tab : tab.parentNode).classList.toggle("active", on);
        if (accessible) {
          tab.setAttribute("aria-selected", on ? "true" : "false");
          tab.tabIndex = on ? 0 : -1;
        }
      });
      if (accessible && moveFocus) {
        form.querySelector('[data-pane="' + number + '"] .pane-title').focus();
      }
    };
    var missing = function (pane) {
      var rows = pane.querySelectorAll("tr, .form-group.upload");
      return Array.prototype.filter.call(rows, function (row) {
        if (!row.querySelector(".required")) { return false; }
        var radios = row.querySelectorAll("input[type=radio]");
        if (radios.length) {
          return !Array.prototype.some.call(radios, function (r) { return r.checked; });
        }
        var control = row.querySelector("input, select");
        return control && !(control.type === "file" ? control.files.length : control.value.trim());
      });
    };
    var clearErrors = function (pane) {
      pane.querySelectorAll(".form-validator-stack, .field-error").forEach(function (e) { e.remove(); });
      pane.querySelectorAll("[aria-invalid]").forEach(function (control) {
        control.removeAttribute("aria-invalid");
        var hint = control.id + "-hint";
        if (document.getElementById(hint)) { control.setAttribute("aria-describedby", hint); }
        else { control.removeAttribute("aria-describedby"); }
      });
      pane.querySelectorAll(".error-field").forEach(function (c) { c.classList.remove("error-field"); });
      var summary = pane.querySelector(".error-summary");
      if (summary) { summary.hidden = true; summary.textContent = ""; }
    };
    var showErrors = function (pane, rows) {
      var links = [];
      rows.forEach(function (row) {
        var controls = row.querySelectorAll("input:not([type=hidden]), select");
        var first = controls[0];
        var message = "Trường này là bắt buộc.";
        if (!accessible) {
          /* defect R09: the validator's message: red text after the field, tied to nothing */
          var stack = document.createElement("div");
          stack.className = "form-validator-stack help-inline";
          stack.innerHTML = '<div class="required">' + message + "</div>";
          first.closest("td, .form-group").appendChild(stack);
          first.classList.add("error-field");
          return;
        }
        var error = document.createElement("p");
        error.className = "field-error";
        error.id = first.id.replace(/\d$/, "") + "-error";
        error.textContent = captionOf(row) + ": " + message;
        (row.querySelector("fieldset") || first.closest("td, .form-group")).appendChild(error);
        controls.forEach(function (control) {
          control.setAttribute("aria-invalid", "true");
          var described = (control.getAttribute("aria-describedby") || "").split(" ")
            .filter(function (id) { return id && id !== error.id; });
          described.push(error.id);
          control.setAttribute("aria-describedby", described.join(" "));
        });
        links.push('<li><a href="#' + first.id + '">' + error.textContent + "</a></li>");
      });
      if (!accessible) { return; }
      var summary = pane.querySelector(".error-summary");
      summary.innerHTML = "<p>Thẻ này còn " + rows.length + " mục chưa nhập:</p><ul>" +
        links.join("") + "</ul>";
      summary.hidden = false;
      summary.tabIndex = -1;
      summary.focus();
    };
    form.addEventListener("click", function (event) {
      var next = event.target.closest(".tab-next");
      var prev = event.target.closest(".tab-prev");
      var tab = event.target.closest(".nav-tabs [data-tab]");
      if (!next && !prev && !tab) { return; }
      event.preventDefault();
      if (tab) { show(Number(tab.dataset.tab), false); return; }
      var pane = (next || prev).closest(".tab-pane");
      var number = Number(pane.dataset.pane);
      if (prev) { show(number - 1, true); return; }
      clearErrors(pane);
      var rows = missing(pane);
      if (rows.length) { showErrors(pane, rows); return; }
      show(number + 1, true);
    });
    if (accessible) {
      /* the APG's tabs: arrows move between tabs, Home and End to the first and last */
      form.querySelector(".nav-tabs").addEventListener("keydown", function (event) {
        var index = tabs.indexOf(event.target);
        var to = {ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: tabs.length - 1}[event.key];
        if (index < 0 || to === undefined) { return; }
        event.preventDefault();
        var target = tabs[(to + tabs.length) % tabs.length];
        target.focus();
        show(Number(target.dataset.tab), false);
      });
    }
  }

  /* the captcha: a new image, and the code read aloud (accessible twin only) */
  var newCaptcha = function (box) {
    return fetch("/c/portal/captcha/new", { cache: "no-store" })
      .then(function (response) { return response.json(); })
      .then(function (data) {
        box.querySelector("img.captcha").src = "/c/portal/captcha/" + data.id + ".svg";
        box.querySelector('input[name$="captcha_id"]').value = data.id;
        box.querySelector(".captcha-input").value = "";
      });
  };
  document.addEventListener("click", function (event) {
    var refresh = event.target.closest("[data-captcha] .refresh");
    var listen = event.target.closest("[data-captcha] .listen");
    if (!refresh && !listen) { return; }
    event.preventDefault();
    var box = (refresh || listen).closest("[data-captcha]");
    var status = box.querySelector(".captcha-status");
    if (refresh) {
      newCaptcha(box).then(function () { announce(status, "Đã đổi mã mới."); });
      return;
    }
    var id = box.querySelector('input[name$="captcha_id"]').value;
    new Audio("/c/portal/captcha/" + id + ".wav").play().catch(function () {
      announce(status, "Không phát được âm thanh. Hãy đổi mã khác rồi nghe lại.");
    });
  });

  /* the lookup portlet: a resource request (p_p_lifecycle=2) whose answer is drawn in place */
  var lookup = document.getElementById("_dvc_tracuu_fm");
  if (lookup) {
    lookup.addEventListener("submit", function (event) {
      event.preventDefault();
      var body = new URLSearchParams(new FormData(lookup));
      fetch(lookup.action, { method: "POST", body: body })
        .then(function (response) { return response.json(); })
        .then(function (answer) {
          var result = document.getElementById("_dvc_tracuu_result");
          var target = result.querySelector(".lookup-body");
          target.textContent = "";
          if (answer.error) {
            var p = document.createElement("p");
            p.className = "alert alert-danger";
            p.textContent = answer.error;
            target.appendChild(p);
          } else {
            var table = document.createElement("table");
            table.className = "table table-bordered";
            [["Mã hồ sơ", "code"], ["Thủ tục", "procedure"], ["Người nộp", "applicant"],
             ["Tình trạng", "status"], ["Ngày tiếp nhận", "received_at"]].forEach(function (row) {
              var tr = table.insertRow();
              var th = document.createElement("th");
              th.scope = "row";
              th.textContent = row[0];
              tr.appendChild(th);
              tr.insertCell().textContent = answer.dossier[row[1]];
            });
            target.appendChild(table);
          }
          result.hidden = false;
          if (accessible) { result.focus(); }
          newCaptcha(lookup.querySelector("[data-captcha]"));
        });
    });
  }

  /* a page that answers an action moves focus to what it is about (the accessible twin) */
  var first = document.querySelector("[data-autofocus]");
  if (first) { first.focus(); }
})(window.jQuery);
