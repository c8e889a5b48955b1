/* The iGate 2.0 online application (replica): a four-step client-side stepper.
 *
 * One script serves both variants; window.APPLY_CONFIG.accessible tells them apart. Every
 * behaviour of the defective variant that reproduces a real-portal defect is marked
 * "// defect Axx" with its id in defects.json.
 */
(function () {
  'use strict';

  var CFG = window.APPLY_CONFIG;
  var A = !!CFG.accessible;
  var app = document.getElementById('apply-app');
  var form = null; // the Form.io webform of step 1
  var current = 1;
  var uploads = { toKhai: [], cccd: [] };
  var VI = {
    error: 'Vui lòng sửa các lỗi sau trước khi tiếp tục:',
    required: '{{field}}: bắt buộc phải nhập.',
    pattern: '{{field}}: không đúng định dạng.',
    invalid_email: '{{field}}: địa chỉ thư điện tử không hợp lệ.',
    invalid_date: '{{field}}: ngày không hợp lệ, nhập theo dạng ngày/tháng/năm.',
    min: '{{field}}: không được nhỏ hơn {{min}}.',
    max: '{{field}}: không được lớn hơn {{max}}.',
    minLength: '{{field}}: cần ít nhất {{length}} dòng.',
    select: '{{field}}: lựa chọn không hợp lệ.',
    invalidOption: '{{field}}: lựa chọn không hợp lệ.',
    addAnother: 'Thêm dòng',
    addOrRemove: 'Thêm hoặc xoá dòng',
    remove: 'Xoá dòng',
    noResultsFound: 'Không tìm thấy kết quả',
    noChoices: 'Không có lựa chọn',
    typeToSearch: 'Gõ để tìm',
    complete: 'Đã lưu tờ khai',
    autocomplete: 'Tự động điền',
    errorsListNavigationMessage: 'Bấm để đến trường có lỗi.',
    'Remove item': 'Xoá lựa chọn',
    'numeric only': 'chỉ nhập số',
  };

  function $(selector, root) { return (root || document).querySelector(selector); }
  function $all(selector, root) { return Array.prototype.slice.call((root || document).querySelectorAll(selector)); }
  function money(n) { return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, '.') + ' đồng'; }

  // ---- toasts -----------------------------------------------------------------------------
  function toast(message, kind) {
    if (A) {
      var region = document.getElementById('toast-region');
      region.textContent = '';
      region.className = 'toast-region toast-' + (kind || 'success') + ' is-visible';
      setTimeout(function () { region.textContent = message; }, 120);
      clearTimeout(region._timer);
      region._timer = setTimeout(function () { region.classList.remove('is-visible'); region.textContent = ''; }, 8000);
      return;
    }
    // defect A19, A20: a toastr-like div, outside any live region, gone after three seconds
    var box = document.getElementById('toast-container');
    var item = document.createElement('div');
    item.className = 'toastr toastr-' + (kind || 'success');
    item.innerHTML = '<div class="toastr-title">' + (kind === 'error' ? 'Lỗi' : 'Thông báo') +
      '</div><div class="toastr-message"></div>';
    item.querySelector('.toastr-message').textContent = message;
    box.appendChild(item);
    setTimeout(function () { item.remove(); }, 3000);
  }

  // ---- field errors (steps 2 and 3, outside Form.io) -------------------------------------------
  function setFieldError(input, errorId, message) {
    var holder = errorId && document.getElementById(errorId);
    if (message) {
      input.classList.add('is-invalid');
      if (A) {
        input.setAttribute('aria-invalid', 'true');
        if (holder) { holder.textContent = message; holder.hidden = false; }
      }
      // defect A05 (steps 2 and 3 too): only the red border shows that something is wrong
    } else {
      input.classList.remove('is-invalid');
      input.removeAttribute('aria-invalid');
      if (holder) { holder.textContent = ''; holder.hidden = true; }
    }
  }

  // ---- the stepper ----------------------------------------------------------------------------
  var STEP_TITLES = ['Thông tin hồ sơ', 'Thành phần hồ sơ', 'Phí, lệ phí / Hình thức nhận kết quả', 'Nộp hồ sơ'];

  function showStep(n) {
    current = n;
    $all('.apply-step').forEach(function (section) {
      section.hidden = Number(section.dataset.step) !== n;
    });
    $all('.step-header').forEach(function (header) {
      var step = Number(header.dataset.step);
      header.classList.toggle('is-current', step === n);
      header.classList.toggle('is-done', step < n);
      if (A) {
        if (step === n) { header.setAttribute('aria-current', 'step'); } else { header.removeAttribute('aria-current'); }
        var state = header.querySelector('.step-state');
        state.textContent = step === n ? ' (bước hiện tại)' : (step < n ? ' (đã hoàn thành)' : '');
      }
    });
    if (n === 3) { updateFees(); }
    if (A) {
      document.title = 'Bước ' + n + ': ' + STEP_TITLES[n - 1] + ' - ' + document.title.replace(/^Bước \d: [^-]+ - /, '');
      var heading = document.getElementById('step-' + n + '-title');
      heading.focus();
    }
    // defect A07: the section holding the focused "Tiếp tục" button is hidden, focus falls to
    // BODY and nothing tells a screen-reader user that a new step is showing
    window.scrollTo(0, 0);
  }

  if (!A) {
    // defect A08: mouse-only step headers (divs with a click handler, no role, no tabindex)
    $all('.step-header').forEach(function (header) {
      header.addEventListener('click', function () {
        var step = Number(header.dataset.step);
        if (step < current && current < 4) { showStep(step); }
      });
    });
  }

  app.addEventListener('click', function (event) {
    var target = event.target.closest('[data-action]');
    if (!target) { return; }
    var action = target.dataset.action;
    if (action === 'next') { event.preventDefault(); next(); }
    if (action === 'back') { event.preventDefault(); showStep(Math.max(1, current - 1)); }
    if (action === 'open-terms') { event.preventDefault(); openTerms(target); }
  });

  function next() {
    if (current === 1) { return validateDeclaration(); }
    if (current === 2) { return validateUploads(); }
  }

  // ---- step 1: the Form.io declaration -----------------------------------------------------------
  window.APPLY_COMMUNES = CFG.communes;
  // Nothing may come from cdn.form.io: flatpickr is already on the page (requireLibrary resolves
  // at once) and every CDN base points at the replica's own /vendor/.
  Formio.cdn.setBaseUrl(window.location.origin + '/vendor');
  Formio.cdn.setOverrideUrl('flatpickr-formio', { cdn: window.location.origin + '/vendor/flatpickr', lib: '', version: '' });
  Formio.cdn.setOverrideUrl('flatpickr', { cdn: window.location.origin + '/vendor/flatpickr', lib: '', version: '' });
  Formio.cdn.setOverrideUrl('moment-timezone', { cdn: window.location.origin + '/pa/vendor/moment-timezone', lib: '', version: '' });
  Formio.cdn.setOverrideUrl('bootstrap', { cdn: window.location.origin + '/vendor/bootstrap', lib: '', version: '' });
  // Form.io asks for the calendar locale of the form language ('vi') as a script global; the
  // replica already has flatpickr's Vietnamese locale (l10n/vn.js), so hand it over.
  if (window.flatpickr && flatpickr.l10ns && flatpickr.l10ns.vn) {
    flatpickr.l10ns.vi = flatpickr.l10ns.vn;
    window['flatpickr-vi'] = flatpickr.l10ns.vn;
  }

  function fixDeclarationA11y(root) {
    if (!A) { return; }
    // Form.io's hidden browser-autofill helper next to each select is not a field for people
    $all('.formio-select-autocomplete-input', root).forEach(function (el) { el.setAttribute('aria-hidden', 'true'); });
    // Datagrid cells: name each field by its column and row ("Từ ngày, dòng 1"); Form.io's hidden
    // per-cell labels disappear when a row is redrawn with an error
    var columns = {};
    CFG.definition.components.forEach(function (c) {
      if (c.type === 'datagrid') { c.components.forEach(function (col) { columns[col.key] = col.label; }); }
    });
    $all('.formio-component-datagrid tbody tr', root).forEach(function (row, index) {
      $all('input, select, textarea', row).forEach(function (field) {
        var cell = field.closest('.formio-component');
        if (!cell || field.type === 'hidden') { return; }
        var key = null;
        Object.keys(columns).forEach(function (k) {
          if (cell.classList.contains('formio-component-' + k)) { key = k; }
        });
        if (columns[key]) { field.setAttribute('aria-label', columns[key] + ', dòng ' + (index + 1)); }
      });
    });
    // Tie each Form.io error message to its field: aria-describedby (aria-invalid is Form.io's)
    $all('[ref=messageContainer]', root).forEach(function (box) {
      var owner = box.closest('.formio-component');
      if (!owner) { return; }
      if (!box.id) { box.id = 'err-' + owner.id; }
      var hasText = box.textContent.trim() !== '';
      $all('input, select, textarea', owner).forEach(function (field) {
        if (field.closest('.formio-component') !== owner || field.type === 'hidden' ||
            field.classList.contains('formio-select-autocomplete-input')) { return; }
        var ids = (field.getAttribute('aria-describedby') || '').split(/\s+/).filter(function (id) {
          return id && id !== box.id;
        });
        if (hasText) { ids.push(box.id); }
        if (ids.length) { field.setAttribute('aria-describedby', ids.join(' ')); } else { field.removeAttribute('aria-describedby'); }
      });
    });
  }

  function stripDeclarationA11y(root) {
    if (A) { return; }
    // defect A01: required state is not exposed (the asterisk of a hidden label is all there is)
    $all('[aria-required]', root).forEach(function (el) { el.removeAttribute('aria-required'); });
    // defect A05: errors are red borders only: no message, no aria-invalid, no description
    $all('[aria-invalid]', root).forEach(function (el) { el.removeAttribute('aria-invalid'); });
    $all('[aria-describedby]', root).forEach(function (el) {
      if (/^e-|\be-/.test(el.getAttribute('aria-describedby'))) { el.removeAttribute('aria-describedby'); }
    });
    // defect A09: the datagrid's remove-row button is an icon with no text at all
    $all('.formio-button-remove-row', root).forEach(function (button) { button.removeAttribute('aria-label'); });
  }

  function buildCommuneList() {
    // defect A03: the commune drop-down is a custom div list: no role, no name, no expanded
    // state, not focusable, opened and chosen with the mouse only
    var field = form.getComponent('district');
    var host = field.element;
    var widget = host.parentNode.querySelector('.commune-select');
    if (!widget) {
      widget = document.createElement('div');
      widget.className = 'commune-select';
      widget.innerHTML = '<div class="commune-current">-- Chọn Phường/Xã --</div><ul class="commune-options" hidden></ul>';
      host.parentNode.insertBefore(widget, host.nextSibling);
      widget.querySelector('.commune-current').addEventListener('click', function () {
        var list = widget.querySelector('.commune-options');
        list.hidden = !list.hidden;
      });
    }
    var list = widget.querySelector('.commune-options');
    list.innerHTML = '';
    (CFG.communes[form.data.province] || []).forEach(function (commune) {
      var li = document.createElement('li');
      li.textContent = commune.label;
      li.addEventListener('click', function () {
        field.setValue(commune.value);
        widget.querySelector('.commune-current').textContent = commune.label;
        list.hidden = true;
      });
      list.appendChild(li);
    });
    widget.querySelector('.commune-current').textContent = '-- Chọn Phường/Xã --';
  }

  var formOptions = {
    language: 'vi',
    i18n: { vi: VI },
    noAlerts: !A, // defect A05: no error summary in the defective variant
    highlightErrors: !A,
  };

  Formio.createForm(document.getElementById('formio-declaration'), CFG.definition, formOptions).then(function (webform) {
    form = webform;
    window.applyForm = webform;
    var root = document.getElementById('formio-declaration');
    fixDeclarationA11y(root);
    stripDeclarationA11y(root);
    if (!A) { buildCommuneList(); }
    webform.on('render', function () { fixDeclarationA11y(root); stripDeclarationA11y(root); });
    webform.on('redraw', function () { fixDeclarationA11y(root); stripDeclarationA11y(root); });
    webform.on('change', function (event) {
      if (!A && event && event.changed && event.changed.component && event.changed.component.key === 'province') {
        buildCommuneList();
      }
      fixDeclarationA11y(root);
      stripDeclarationA11y(root);
    });
    if (!A) {
      new MutationObserver(function () { stripDeclarationA11y(root); })
        .observe(root, { subtree: true, childList: true, attributes: true, attributeFilter: ['aria-invalid', 'aria-required', 'aria-label', 'aria-describedby'] });
    }
    document.dispatchEvent(new CustomEvent('apply:ready'));
    app.dataset.ready = 'true';
  });

  function validateDeclaration() {
    if (!form) { return; }
    var valid = form.checkValidity(form.data, true, form.data, false);
    if (valid) {
      form.setAlert(false);
      showStep(2);
      return;
    }
    form.showErrors(form.errors || [], true);
    if (A) {
      fixDeclarationA11y(document.getElementById('formio-declaration'));
      var summary = $('#formio-declaration .alert-danger');
      if (summary) {
        summary.setAttribute('tabindex', '-1');
        summary.setAttribute('role', 'group');
        summary.setAttribute('aria-label', 'Lỗi trong tờ khai');
        summary.focus();
      }
    } else {
      stripDeclarationA11y(document.getElementById('formio-declaration'));
    }
  }

  // ---- step 2: uploads ---------------------------------------------------------------------------
  function renderUploads(slot) {
    var list = document.getElementById('upload-' + slot + '-list');
    list.innerHTML = '';
    uploads[slot].forEach(function (file, index) {
      var li = document.createElement('li');
      var name = document.createElement('span');
      name.textContent = file.filename + ' (' + Math.max(1, Math.round(file.size / 1024)) + ' KB)';
      li.appendChild(name);
      var remove = document.createElement('button');
      remove.type = 'button';
      remove.className = 'btn btn-sm btn-link upload-remove';
      if (A) {
        remove.textContent = 'Xoá tệp ' + file.filename;
      } else {
        remove.innerHTML = '&times;'; // a glyph only, read as "times" (part of defect A12)
      }
      remove.addEventListener('click', function () {
        uploads[slot].splice(index, 1);
        renderUploads(slot);
        toast('Đã xoá tệp ' + file.filename);
        if (A) { document.querySelector('input[data-slot="' + slot + '"]').focus(); }
      });
      li.appendChild(remove);
      list.appendChild(li);
    });
  }

  $all('input[type=file][data-slot]').forEach(function (input) {
    input.addEventListener('change', function () {
      if (!input.files || !input.files.length) { return; }
      var slot = input.dataset.slot;
      var data = new FormData();
      data.append('slot', slot);
      data.append('file', input.files[0]);
      var errorId = 'upload-' + slot + '-error';
      function failed(message) {
        setFieldError(input, errorId, message);
        toast(message, 'error');
      }
      fetch(CFG.uploadUrl, { method: 'POST', body: data, credentials: 'same-origin' })
        .then(function (response) { return response.json().then(function (json) { return [response.ok, json]; }); })
        .then(function (result) {
          if (!result[0]) { failed(result[1].error || 'Tải lên thất bại'); return; }
          result[1].files.forEach(function (file) { uploads[slot].push(file); });
          renderUploads(slot);
          setFieldError(input, errorId, '');
          toast('Tải lên thành công');
          input.value = '';
        })
        .catch(function () { failed('Tải lên thất bại'); });
    });
  });
  $all('[data-pick]').forEach(function (icon) {
    // defect A12: only a mouse click on the icon opens the hidden file input
    icon.addEventListener('click', function () {
      document.querySelector('input[data-slot="' + icon.dataset.pick + '"]').click();
    });
  });

  function validateUploads() {
    var input = document.querySelector('input[data-slot="toKhai"]');
    if (!uploads.toKhai.length) {
      var target = A ? input : input.closest('.file-drop');
      setFieldError(target, 'upload-toKhai-error', 'Chưa tải lên Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp.');
      if (A) { input.focus(); } else { toast('Vui lòng tải lên đầy đủ thành phần hồ sơ', 'error'); }
      return;
    }
    showStep(3);
  }

  // ---- step 3: fees, delivery, terms, CAPTCHA and the final submission -----------------------------
  function updateFees() {
    var data = form ? form.data : {};
    var unit = data.student ? CFG.studentFee : CFG.fee;
    var copies = Math.max(1, parseInt(data.copies, 10) || 1);
    var extra = Math.max(0, copies - 2);
    $('#fee-unit').textContent = money(unit);
    $('#fee-base').textContent = money(unit);
    $('#fee-extra-count').textContent = String(extra);
    $('#fee-extra').textContent = money(extra * 5000);
    $('#fee-total').textContent = money(unit + extra * 5000);
    return { unit: unit, copies: copies, extra: extra * 5000, total: unit + extra * 5000 };
  }

  $all('input[name=delivery]').forEach(function (radio) {
    radio.addEventListener('change', function () {
      $('#postal-address-group').hidden = deliveryChoice() !== 'post';
    });
  });
  function deliveryChoice() {
    var checked = $('input[name=delivery]:checked');
    return checked ? checked.value : 'office';
  }

  function refreshCaptcha(announce) {
    return fetch(CFG.captchaUrl, { credentials: 'same-origin' })
      .then(function (response) { return response.json(); })
      .then(function (captcha) {
        $('#captcha-id').value = captcha.id;
        $('#captcha-image').src = captcha.image;
        var audio = $('#captcha-audio');
        if (audio) { audio.src = captcha.audio; }
        $('#captcha-input').value = '';
        if (A && announce) { toast('Đã đổi mã xác nhận mới'); }
      });
  }
  // defect A15 (defective): the refresh control is an <i> with a click handler only
  $('#captcha-refresh').addEventListener('click', function () { refreshCaptcha(true); });
  var listen = $('#captcha-listen');
  if (listen) {
    listen.addEventListener('click', function () {
      var audio = $('#captcha-audio');
      var playing = audio.play();
      if (playing && playing.catch) {
        playing.catch(function () { toast('Không phát được âm thanh. Hãy đổi mã xác nhận khác.', 'error'); });
      }
    });
  }

  var submitting = false;
  $('#captchaForm').addEventListener('submit', function (event) {
    event.preventDefault();
    if (submitting) { return; }
    var errors = [];
    var commitment = $('#commitment');
    var postal = $('#postal-address');
    var captcha = $('#captcha-input');
    if (!commitment.checked) {
      errors.push(commitment);
      setFieldError(commitment, 'commitment-error', 'Bạn cần đánh dấu ô cam đoan trước khi nộp hồ sơ.');
    } else { setFieldError(commitment, 'commitment-error', ''); }
    if (deliveryChoice() === 'post' && !postal.value.trim()) {
      errors.push(postal);
      setFieldError(postal, 'postal-address-error', 'Nhập địa chỉ nhận kết quả qua bưu điện.');
    } else { setFieldError(postal, 'postal-address-error', ''); }
    if (!/^\d{5}$/.test(captcha.value.trim())) {
      errors.push(captcha);
      setFieldError(captcha, 'captcha-error', 'Nhập đủ năm chữ số của mã xác nhận.');
    } else { setFieldError(captcha, 'captcha-error', ''); }
    if (errors.length) {
      if (A) { errors[0].focus(); } else { toast('Vui lòng nhập đầy đủ thông tin', 'error'); }
      return;
    }
    var fees = updateFees();
    var payload = {
      procedureId: CFG.procedureId,
      form: form ? form.data : {},
      files: uploads.toKhai.concat(uploads.cccd),
      delivery: deliveryChoice(),
      postalAddress: postal.value.trim(),
      fee: fees,
      captchaId: $('#captcha-id').value,
      captcha: captcha.value.trim(),
    };
    submitting = true;
    fetch(CFG.applyUrl, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(payload),
    })
      .then(function (response) { return response.json().then(function (json) { return [response.ok, json]; }); })
      .then(function (result) {
        submitting = false;
        if (!result[0]) {
          var message = result[1].message || 'Nộp hồ sơ thất bại';
          refreshCaptcha(false).then(function () {
            setFieldError(captcha, 'captcha-error', message + '. Đã đổi sang mã mới, hãy nhập lại.');
            if (A) { captcha.focus(); }
          });
          toast(message, 'error');
          return;
        }
        $('#dossier-code').textContent = result[1].code;
        showStep(4);
        toast('Nộp hồ sơ thành công. Mã hồ sơ ' + result[1].code);
      })
      .catch(function () { submitting = false; toast('Không kết nối được máy chủ', 'error'); });
  });

  // ---- the terms-of-use modal --------------------------------------------------------------------
  var modal = document.getElementById('terms-modal');
  var opener = null;
  function focusables() {
    return $all('a[href], button, input, [tabindex="0"]', modal).filter(function (el) {
      return !el.disabled && el.offsetParent !== null;
    });
  }
  function openTerms(trigger) {
    opener = trigger;
    modal.hidden = false;
    var first = A ? modal.querySelector('.terms-body') : focusables()[0];
    first.focus();
  }
  function closeTerms(accepted) {
    modal.hidden = true;
    if (accepted) { $('#commitment').checked = true; }
    if (A && opener) { opener.focus(); }
  }
  $all('[data-terms]', modal).forEach(function (control) {
    control.addEventListener('click', function () { closeTerms(control.dataset.terms === 'accept'); });
  });
  document.addEventListener('keydown', function (event) {
    if (modal.hidden) { return; }
    if (event.key === 'Escape' && A) { event.preventDefault(); closeTerms(false); return; }
    if (event.key !== 'Tab') { return; }
    // Tab and Shift+Tab cycle inside the modal. In the accessible dialog that is the APG modal
    // pattern (Escape and "Đóng" leave); in the defective one it is defect A17: a real trap,
    // because nothing inside it that the keyboard can reach closes it.
    var items = focusables();
    if (!items.length) { return; }
    var index = items.indexOf(document.activeElement);
    event.preventDefault();
    var nextIndex = event.shiftKey ? (index <= 0 ? items.length - 1 : index - 1) : (index + 1) % items.length;
    items[nextIndex].focus();
  }, true);
  document.addEventListener('focusin', function (event) {
    if (!modal.hidden && !modal.contains(event.target)) { focusables()[0].focus(); }
  });

  window.applyStepper = { showStep: showStep, current: function () { return current; } };
})();
