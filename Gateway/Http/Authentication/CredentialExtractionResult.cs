using System.Diagnostics.CodeAnalysis;

namespace Gatehouse.Gateway.Http.Authentication;

/// <summary>
/// Either the one credential a request presents (possibly <see cref="PresentedCredential.None"/>)
/// or why there is none to use. A struct so that the synchronous path of
/// <see cref="CredentialExtractor.ExtractAsync"/> returns it in a <see cref="ValueTask{TResult}"/>
/// without allocating.
/// </summary>
public readonly struct CredentialExtractionResult
{
    private CredentialExtractionResult(PresentedCredential credential, CredentialError? error)
    {
        Credential = credential;
        Error = error;
    }

    /// <summary>The request presents no credential.</summary>
    public static CredentialExtractionResult NoCredential => default;

    /// <summary>False when <see cref="Error"/> says why the request must be refused.</summary>
    [MemberNotNullWhen(false, nameof(Error))]
    public bool Succeeded => Error is null;

    /// <summary>The credential; <see cref="PresentedCredential.None"/> when there is none or on failure.</summary>
    public PresentedCredential Credential { get; }

    public CredentialError? Error { get; }

    public static CredentialExtractionResult Success(in PresentedCredential credential) => new(credential, null);

    public static CredentialExtractionResult Failure(CredentialError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return new(PresentedCredential.None, error);
    }

    public override string ToString() => Succeeded ? Credential.ToString() : Error.ToString();
}
