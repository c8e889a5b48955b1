/* Scripts of the iGate 1.0 legacy eForm replica: the jQuery UI date picker, the cascading address
   selects, CAPTCHA refresh and audio, focus on load. Both variants load this file; the accessible
   twin fixes each widget the way the WAI-ARIA Authoring Practices ask. */
(function ($) {
  "use strict";
  var accessible = document.body.dataset.variant === "accessible";

  function announce(region, text) {
    if (!region) { return; }
    region.textContent = "";
    window.setTimeout(function () { region.textContent = text; }, 150);
  }

  /* jQuery UI date picker. The legacy form opens it on focus over a read-only field; the twin
     keeps the field typable and opens the calendar only from its own named button. */
  $.datepicker.setDefaults({ dateFormat: "dd/mm/yy", changeMonth: true, changeYear: true,
    yearRange: "1940:+0", monthNamesShort: ["Th1", "Th2", "Th3", "Th4", "Th5", "Th6", "Th7",
      "Th8", "Th9", "Th10", "Th11", "Th12"], dayNamesMin: ["CN", "T2", "T3", "T4", "T5", "T6", "T7"],
    prevText: "Tháng trước", nextText: "Tháng sau" });
  $("input.datepicker").datepicker(accessible ? { showOn: "button", buttonText: "Chọn ngày từ lịch" } : {});

  /* the province select reloads the commune list */
  var province = document.getElementById("CongDan_maTinhThanh");
  if (province) {
    province.addEventListener("change", function () {
      if (!accessible) {
        /* the legacy form posts itself back on every change, whatever the key that changed it */
        province.form.elements._reload.value = "1";
        province.form.submit();
        return;
      }
      var communes = document.getElementById("CongDan_maPhuongXa");
      fetch(province.dataset.communes + "?tinh=" + encodeURIComponent(province.value))
        .then(function (response) { return response.json(); })
        .then(function (names) {
          communes.length = 1;
          names.forEach(function (name) { communes.add(new Option(name, name)); });
          announce(document.getElementById("commune-status"), "Danh sách phường, xã đã cập nhật: " +
            names.length + " mục.");
        });
    });
  }

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

  /* a page that answers an action moves focus to what it is about */
  var first = document.querySelector("[data-autofocus]");
  if (first) { first.focus(); }
})(window.jQuery);
