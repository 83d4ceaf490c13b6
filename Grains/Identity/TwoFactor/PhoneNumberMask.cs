namespace Gatehouse.Grains.Identity.TwoFactor;

/// <summary>
/// Phone numbers for logs: enough to tell an operator which country and which of a user's phones
/// (<c>+46*******12</c>), not enough to text or identify the person.
/// </summary>
public static class PhoneNumberMask
{
    public static string Mask(string? phoneNumber)
    {
        if (string.IsNullOrEmpty(phoneNumber))
        {
            return string.Empty;
        }
        const int prefix = 3;
        const int suffix = 2;
        if (phoneNumber.Length <= prefix + suffix + 2)
        {
            // Too short to hide anything while showing both ends.
            return new string('*', phoneNumber.Length);
        }
        return string.Concat(phoneNumber.AsSpan(0, prefix), new string('*', phoneNumber.Length - prefix - suffix), phoneNumber.AsSpan(phoneNumber.Length - suffix));
    }
}
