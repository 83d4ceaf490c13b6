namespace Gatehouse.Grains.Registration;

/// <summary>What redeeming an RFCx registration token creates.</summary>
public enum RegistrationTarget
{
    User,
    Guardian,
}
