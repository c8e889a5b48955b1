import { Component, ElementRef, inject } from '@angular/core';
import { AsyncPipe } from '@angular/common';
import { HttpClient, HttpHeaders } from '@angular/common/http';
import { FormControl, FormGroup, ReactiveFormsModule } from '@angular/forms';
import { MatAutocompleteModule } from '@angular/material/autocomplete';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatDatepickerModule } from '@angular/material/datepicker';
import { MatDialog, MatDialogModule } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { Observable, map, startWith } from 'rxjs';

/** The 34 units, from the JSON the host page embeds (`{{PROVINCES_JSON}}`). */
function embeddedProvinces(): string[] {
  const script = document.getElementById('provinces');
  return script ? (JSON.parse(script.textContent || '[]') as string[]) : [];
}

/** A date as yyyy-mm-dd from its local parts; "" when there is none. */
function isoDate(value: Date | null): string {
  if (!value || isNaN(value.getTime())) {
    return '';
  }
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${value.getFullYear()}-${pad(value.getMonth() + 1)}-${pad(value.getDate())}`;
}

/** The terms of use, as Material's dialog docs build a dialog. */
@Component({
  selector: 'app-terms-dialog',
  imports: [MatDialogModule, MatButtonModule],
  template: `
    <h2 mat-dialog-title>Điều khoản sử dụng</h2>
    <mat-dialog-content>
      <p>Thông tin bạn khai chỉ dùng để giải quyết hồ sơ này và được bảo vệ theo quy định
        của pháp luật về bảo vệ dữ liệu cá nhân.</p>
      <p>Bạn chịu trách nhiệm về tính chính xác của thông tin đã khai.</p>
    </mat-dialog-content>
    <mat-dialog-actions align="end">
      <button mat-button mat-dialog-close>Đóng</button>
    </mat-dialog-actions>
  `,
})
export class TermsDialog {}

/** One of the gallery's two Angular Material forms, chosen by the host element's data-page. */
@Component({
  selector: 'app-root',
  imports: [
    AsyncPipe, ReactiveFormsModule, MatAutocompleteModule, MatButtonModule, MatCheckboxModule,
    MatDatepickerModule, MatDialogModule, MatFormFieldModule, MatInputModule, MatSelectModule,
  ],
  template: `
    <form class="gallery-form" [formGroup]="form" (ngSubmit)="send()">
      @if (page === 'angular-material-autocomplete') {
        <mat-form-field>
          <mat-label>Tỉnh/Thành phố</mat-label>
          <input type="text" matInput formControlName="province" [matAutocomplete]="auto">
          <mat-autocomplete #auto="matAutocomplete">
            @for (option of filteredProvinces | async; track option) {
              <mat-option [value]="option">{{ option }}</mat-option>
            }
          </mat-autocomplete>
        </mat-form-field>
      } @else {
        <mat-form-field>
          <mat-label>Tỉnh/Thành phố</mat-label>
          <mat-select formControlName="province">
            @for (option of provinces; track option) {
              <mat-option [value]="option">{{ option }}</mat-option>
            }
          </mat-select>
        </mat-form-field>
      }
      <mat-form-field>
        <mat-label>Ngày sinh</mat-label>
        <input matInput formControlName="birthday" [matDatepicker]="picker">
        <mat-hint>MM/DD/YYYY</mat-hint>
        <mat-datepicker-toggle matIconSuffix [for]="picker"></mat-datepicker-toggle>
        <mat-datepicker #picker></mat-datepicker>
      </mat-form-field>
      @if (page !== 'angular-material-autocomplete') {
        <button mat-button type="button" (click)="openTerms()">Điều khoản sử dụng</button>
        <mat-checkbox formControlName="agree">Tôi đã đọc và đồng ý với điều khoản</mat-checkbox>
      }
      <button mat-raised-button type="submit">Gửi</button>
    </form>
    <p role="status">{{ message }}</p>
  `,
})
export class App {
  private readonly http = inject(HttpClient);
  private readonly dialog = inject(MatDialog);
  readonly page: string =
    (inject(ElementRef).nativeElement as HTMLElement).dataset['page'] ||
    location.pathname.replace(/^\/+|\/+$/g, '');
  readonly provinces = embeddedProvinces();
  readonly province = new FormControl('', { nonNullable: true });
  readonly birthday = new FormControl<Date | null>(null);
  readonly agree = new FormControl(false, { nonNullable: true });
  readonly form = new FormGroup({
    province: this.province,
    birthday: this.birthday,
    agree: this.agree,
  });
  message = '';

  /** As Material's "filter autocomplete" example does. */
  readonly filteredProvinces: Observable<string[]> = this.province.valueChanges.pipe(
    startWith(''),
    map((value) => this.filter(value || '')),
  );

  private filter(value: string): string[] {
    const filterValue = value.toLowerCase();
    return this.provinces.filter((option) => option.toLowerCase().includes(filterValue));
  }

  openTerms(): void {
    this.dialog.open(TermsDialog);
  }

  send(): void {
    const body: Record<string, string> = {
      province: this.province.value,
      birthday: isoDate(this.birthday.value),
    };
    if (this.page !== 'angular-material-autocomplete') {
      body['agree'] = this.agree.value ? 'on' : '';
    }
    const headers = new HttpHeaders({ Accept: 'application/json' });
    this.http.post<{ message: string }>(`/submit/${this.page}`, body, { headers }).subscribe({
      next: (answer) => (this.message = answer.message),
      error: () => (this.message = 'Không gửi được, xin thử lại.'),
    });
  }
}
