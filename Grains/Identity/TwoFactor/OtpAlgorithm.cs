namespace Gatehouse.Grains.Identity.TwoFactor;

/// <summary>
/// The HMAC behind an HOTP/TOTP code. <see cref="Sha1"/> is what nearly every authenticator app
/// supports and what RFC 6238 names as the default; HMAC-SHA1 is not weakened by SHA-1's collision
/// attacks. The others exist for apps and tokens that offer them.
/// </summary>
public enum OtpAlgorithm
{
    Sha1,
    Sha256,
    Sha512,
}
