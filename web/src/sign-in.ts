import { signInWithEmailAndPassword, type Auth } from 'firebase/auth';
import { byId } from './dom.js';

/** What to tell someone whose sign-in failed, by Firebase Auth's error code: never the code itself. */
function explainSignInError(code: string | undefined): string {
  switch (code) {
    case 'auth/invalid-credential':
    case 'auth/invalid-login-credentials':
    case 'auth/wrong-password':
    case 'auth/user-not-found':
      return 'Wrong email or password. Check both and try again.';
    case 'auth/invalid-email':
      return 'That is not an email address.';
    case 'auth/user-disabled':
      return 'This account is disabled. Ask your administrator.';
    case 'auth/too-many-requests':
      return 'Too many attempts in a row. Wait a few minutes, then try again.';
    case 'auth/network-request-failed':
      return 'The sign-in service cannot be reached. Check your connection and try again.';
    default:
      return 'Sign-in did not work. Try again in a moment.';
  }
}

/**
 * The sign-in form. It keeps nothing once it is done with: at sign-in and at sign-out its
 * fields are emptied, so the next person at the device finds no email or password in it.
 */
export function mountSignIn(auth: Auth) {
  const form = byId<HTMLFormElement>('sign-in');
  const error = byId('sign-in-error');
  form.addEventListener('submit', () => {
    error.textContent = '';
    const email = byId<HTMLInputElement>('email').value;
    const password = byId<HTMLInputElement>('password').value;
    signInWithEmailAndPassword(auth, email, password).catch((failure: { code?: string }) => {
      byId<HTMLInputElement>('password').value = '';
      error.textContent = explainSignInError(failure.code);
    });
  });
  return {
    /** Shows the empty form (signed out), or hides and empties it (signed in). */
    show(visible: boolean) {
      form.reset();
      error.textContent = '';
      form.hidden = !visible;
    },
  };
}
