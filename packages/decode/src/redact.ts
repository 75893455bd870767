/**
 * Query parameters that some cameras (Dahua, XMEye, ...) use to carry credentials in the URL itself.
 * `user` is included: a user name is half of a credential and helps guessing the other half.
 */
const SECRET_QUERY_PARAMS = /([?&](?:user|username|password|passwd|pwd|pass|token|auth|key|secret)=)[^&#\s'"]*/gi;

/** `scheme://userinfo@` of any URL, anywhere in the text; greedy up to the last `@` of the authority, because
 * cameras are often configured with an unescaped `@` in the password. */
const URL_USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)[^/?#\s'"]*@/gi;

/**
 * Hide the credentials of every URL in `text` (a bare URL or a whole message such as an ffmpeg log line):
 * `rtsp://admin:secret@cam/stream?pwd=x` becomes `rtsp://***@cam/stream?pwd=***`.
 * Every message that names an input passes through this, so logs and errors never leak camera passwords.
 */
export function redactUrl(text: string): string {
  return text.replace(URL_USERINFO, '$1***@').replace(SECRET_QUERY_PARAMS, '$1***');
}
