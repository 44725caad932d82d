import 'express-session';

declare module 'express-session' {
  interface SessionData {
    userId?: number;
    /** The user's session generation at login; a bump (logout everywhere) invalidates this session. */
    generation?: number;
    csrfToken?: string;
    locale?: 'fr' | 'en';
    flash?: { kind: 'success' | 'danger' | 'warning' | 'info'; message: string }[];
    /** Per-user UI preferences kept for the session (e.g. chosen columns). */
    prefs?: Record<string, unknown>;
  }
}
