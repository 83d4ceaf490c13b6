namespace Gatehouse.Grains.Identity;

/// <summary>
/// A TOTP enrolment in progress: scan the QR code (or type the secret) into an authenticator app,
/// then confirm with a code. Shown once; the seed is stored encrypted.
/// </summary>
public sealed record TotpEnrollmentView(string OtpAuthUri, string Secret, string QrSvg, string QrPngDataUri);
