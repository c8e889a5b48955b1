/* Scripts of the national portal replica: select2 drop-downs, uploads, CAPTCHA refresh and audio,
   focus on load. Both variants load this file; the accessible twin adds what the WAI-ARIA
   Authoring Practices ask of a combobox and of status messages. */
(function ($) {
  "use strict";
  var accessible = document.body.dataset.variant === "accessible";

  function announce(region, text) {
    if (!region) { return; }
    region.textContent = "";
    window.setTimeout(function () { region.textContent = text; }, 150);
  }

  /* select2 on every drop-down of the form. Out of the box select2 names its combobox by the
     rendered value only (aria-labelledby points at it): empty before a choice. */
  $("select.dvc-select2").each(function () {
    var select = $(this);
    select.select2({ width: "100%", placeholder: select.data("placeholder") || "", language: {
      noResults: function () { return "Không tìm thấy kết quả"; },
      searching: function () { return "Đang tìm…"; }
    } });
    if (!accessible) { return; }
    var selection = select.next(".select2").find(".select2-selection")[0];
    var rendered = selection.querySelector(".select2-selection__rendered");
    selection.setAttribute("aria-labelledby", select.data("label") + " " + rendered.id);
    selection.setAttribute("aria-required", "true");
    if (select.data("error")) {
      selection.setAttribute("aria-invalid", "true");
      selection.setAttribute("aria-describedby", select.data("error"));
    }
    /* the search box in the open list is named by the field it filters */
    select.on("select2:open", function () {
      var search = document.querySelector(".select2-container--open .select2-search__field");
      if (search) {
        search.setAttribute("aria-label", "Tìm trong danh sách " +
          document.getElementById(select.data("label")).textContent.replace("*", "").trim());
      }
    });
  });

  /* uploads: the accessible twin says what was chosen in a live region; the defective one opens
     a hidden input from a styled span and shows a toast that no screen reader hears */
  document.querySelectorAll(".upload-row").forEach(function (row) {
    var input = row.querySelector("input[type=file]");
    var picker = row.querySelector(".btn-chon-tep");
    if (picker) { picker.addEventListener("click", function () { input.click(); }); }
    input.addEventListener("change", function () {
      var name = input.files.length ? input.files[0].name : "";
      if (accessible) {
        var label = row.querySelector("label").textContent.replace("*", "").trim();
        announce(document.getElementById("upload-status"),
          name ? "Đã chọn tệp " + name + " cho " + label + "." : "Chưa chọn tệp cho " + label + ".");
        return;
      }
      row.querySelector(".file-chosen").textContent = name || "Chưa có tệp";
      var toast = document.createElement("div");
      toast.className = "dvc-toast-item";
      toast.textContent = "Tải tệp lên thành công";
      document.getElementById("dvc-toast").appendChild(toast);
      window.setTimeout(function () { toast.remove(); }, 3000);
    });
  });

  /* CAPTCHA: a new image, and the code read aloud (accessible twin only) */
  document.addEventListener("click", function (event) {
    var refresh = event.target.closest(".captcha-refresh");
    var audio = event.target.closest(".captcha-audio");
    if (!refresh && !audio) { return; }
    event.preventDefault();
    var box = (refresh || audio).closest("[data-captcha]");
    var status = box.querySelector(".captcha-status");
    if (refresh) {
      fetch("/captcha/new", { cache: "no-store" })
        .then(function (response) { return response.json(); })
        .then(function (data) {
          box.querySelector(".captcha-img").src = "/captcha/" + data.id + ".svg";
          box.querySelector('input[name="captcha_id"]').value = data.id;
          box.querySelector(".captcha-input").value = "";
          announce(status, "Đã đổi mã mới.");
        });
      return;
    }
    var id = box.querySelector('input[name="captcha_id"]').value;
    new Audio("/captcha/" + id + ".wav").play().catch(function () {
      announce(status, "Không phát được âm thanh. Hãy đổi mã khác rồi nghe lại.");
    });
  });

  /* a page that answers an action moves focus to what it is about: the error summary, the
     preview's or the result's heading */
  var first = document.querySelector("[data-autofocus]");
  if (first) { first.focus(); }
})(window.jQuery);
