/* Scripts of the replica's public pages: procedure search, procedure accordion, CAPTCHA
   refresh and audio, dossier lookup. Both variants load this file; the variant's markup decides
   what a screen reader gets (live regions, states, focus) and a few branches below mirror the
   real portals' behaviour in the defective variant. */
(function () {
  "use strict";
  var accessible = document.body.dataset.variant === "accessible";

  function announce(region, text) {
    if (!region) { return; }
    region.textContent = "";
    window.setTimeout(function () { region.textContent = text; }, 150);
  }

  function setCaptcha(box, id) {
    box.querySelector(".captcha-img").src = "/sso/captcha/" + id + ".svg";
    box.querySelector('input[name="captcha_id"]').value = id;
    box.querySelector(".captcha-input").value = "";
  }

  /* CAPTCHA refresh and audio; delegated because the lookup redraws its form. */
  document.addEventListener("click", function (event) {
    var refresh = event.target.closest(".captcha-refresh");
    var audio = event.target.closest(".captcha-audio");
    if (!refresh && !audio) { return; }
    event.preventDefault();
    var box = (refresh || audio).closest("[data-captcha]");
    var status = box.querySelector(".captcha-status");
    var word = (box.dataset.word || "Mã xác thực").toLowerCase();
    if (refresh) {
      fetch("/sso/captcha/new", { cache: "no-store" })
        .then(function (response) { return response.json(); })
        .then(function (data) {
          setCaptcha(box, data.id);
          announce(status, "Đã đổi " + word + " mới");
        });
      return;
    }
    var id = box.querySelector('input[name="captcha_id"]').value;
    var player = new Audio("/sso/captcha/" + id + ".wav");
    player.play().catch(function () {
      announce(status, "Không phát được âm thanh " + word + ". Vui lòng thử lại hoặc đổi mã khác.");
    });
  });

  /* Procedure search: results are redrawn in place, as on the Angular portals. */
  var searchForm = document.getElementById("procedure-search-form");
  if (searchForm) {
    searchForm.addEventListener("submit", function (event) {
      event.preventDefault();
      var params = new URLSearchParams(new FormData(searchForm)).toString();
      fetch("/pa/procedure/search?" + params)
        .then(function (response) { return response.json(); })
        .then(function (data) {
          document.getElementById("search-rows").innerHTML = data.html;
          var count = document.getElementById("result-count");
          if (count) { count.textContent = data.count; }
          history.pushState(null, "", "/vi/procedure/search?" + params);
          if (accessible) {
            var quoted = data.keyword ? " cho từ khóa “" + data.keyword + "”" : "";
            announce(document.getElementById("search-status"),
              "Tìm thấy " + data.count + " thủ tục" + quoted + ".");
            document.title = (data.keyword ? "Kết quả tìm kiếm “" + data.keyword + "”" : "Thủ tục hành chính") +
              document.title.slice(document.title.lastIndexOf(" - Cổng Dịch vụ công"));
          }
        });
    });
    window.addEventListener("popstate", function () { window.location.reload(); });
  }

  /* Procedure detail: collapsible sections. */
  document.querySelectorAll(".acc-toggle").forEach(function (toggle) {
    var panel = accessible
      ? document.getElementById(toggle.getAttribute("aria-controls"))
      : toggle.nextElementSibling;
    toggle.classList.toggle("open", !panel.hidden);
    toggle.addEventListener("click", function (event) {
      event.preventDefault();
      var open = panel.hidden;
      panel.hidden = !open;
      toggle.classList.toggle("open", open);
      if (accessible) { toggle.setAttribute("aria-expanded", String(open)); }
    });
  });

  /* Dossier lookup: posted in the background, the answer is drawn in place. */
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.id !== "lookup-form") { return; }
    event.preventDefault();
    fetch("/pa/dossier/lookup", { method: "POST", body: new URLSearchParams(new FormData(form)) })
      .then(function (response) { return response.json(); })
      .then(function (data) {
        var template = document.createElement("template");
        template.innerHTML = data.html;
        var fresh = template.content.getElementById("lookup-app");
        if (accessible) {
          document.getElementById("lookup-app").replaceWith(fresh);
          var target = document.getElementById("error-summary") || document.getElementById("result-title");
          if (target) { target.focus(); }
        } else {
          document.getElementById("lookup-result").replaceWith(fresh.querySelector("#lookup-result"));
          form.querySelector(".lookup-error").replaceWith(fresh.querySelector(".lookup-error"));
          setCaptcha(form.querySelector("[data-captcha]"), data.captcha_id);
        }
      });
  });

  /* After a full-page answer (login error, lookup without script): focus the summary or result. */
  var first = document.querySelector("[data-autofocus]") ||
    document.querySelector("[data-autofocus-target] [tabindex='-1']");
  if (first) { first.focus(); }
})();
