import { bootstrapApplication } from '@angular/platform-browser';
import { provideBrowserGlobalErrorListeners, provideZoneChangeDetection } from '@angular/core';
import { provideHttpClient } from '@angular/common/http';
import { provideNativeDateAdapter } from '@angular/material/core';

import { App } from './app';

// What `ng new` (Angular 20) and Material's datepicker docs set up: zone.js change detection,
// the native date adapter at the default locale (en-US: the field parses MM/DD/YYYY).
bootstrapApplication(App, {
  providers: [
    provideBrowserGlobalErrorListeners(),
    provideZoneChangeDetection({ eventCoalescing: true }),
    provideHttpClient(),
    provideNativeDateAdapter(),
  ],
}).catch((err) => console.error(err));
