using System.Security.Cryptography;
using System.Text;

namespace Gatehouse.Grains.Identity.Secrets;

/// <summary>
/// The master key file of <see cref="SecretProtector"/>: base64 text, made on first use. Kept apart
/// from the protector because getting creation right (owner-only from the first byte, and two
/// processes starting at once agreeing on one key) is its own concern.
/// </summary>
internal static class SecretKeyFile
{
    private const UnixFileMode OwnerReadWrite = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode OwnerOnlyDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>
    /// How long a reader waits for a key file that another process has created but not yet
    /// written. Generous: the write follows the create at once, but a loaded machine can
    /// deschedule the creator (or pause it for a GC) for over a second, and a reader that gives up
    /// too early stops its process (CI once saw exactly that with 1 s). Only a creator that died
    /// between the two leaves the file empty for good, and then waiting is harmless.
    /// </summary>
    private static readonly TimeSpan WriterGrace = TimeSpan.FromSeconds(15);

    public static byte[] LoadOrCreate(string path, int keySize)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path, $"{SecretProtectionOptions.SectionName}:KeyFile");
        var fullPath = Path.GetFullPath(path);
        if (!File.Exists(fullPath))
        {
            TryCreate(fullPath, keySize);
        }
        return Read(fullPath);
    }

    /// <summary>
    /// Creates the file with O_EXCL (<see cref="FileMode.CreateNew"/>), so when several processes
    /// start at once exactly one creates it and the others read that one's key. (A temporary file
    /// renamed into place would hide the half-written state, but .NET's File.Move without overwrite
    /// is check-then-rename on Unix and lets a second creator replace the first's key, orphaning
    /// whatever was already encrypted with it.)
    /// </summary>
    private static void TryCreate(string fullPath, int keySize)
    {
        var directory = Path.GetDirectoryName(fullPath)!;
        if (!Directory.Exists(directory))
        {
            if (OperatingSystem.IsWindows())
            {
                Directory.CreateDirectory(directory);
            }
            else
            {
                Directory.CreateDirectory(directory, OwnerOnlyDirectory);
            }
        }
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            // Given to open(2), so the file is 0600 from the moment it exists (no chmod window).
            options.UnixCreateMode = OwnerReadWrite;
        }
        FileStream stream;
        try
        {
            stream = new FileStream(fullPath, options);
        }
        catch (IOException) when (File.Exists(fullPath))
        {
            return; // Another process created it first; Read uses theirs.
        }
        using (stream)
        {
            stream.Write(Encoding.ASCII.GetBytes(Convert.ToBase64String(RandomNumberGenerator.GetBytes(keySize)) + "\n"));
            stream.Flush(flushToDisk: true);
        }
    }

    private static byte[] Read(string fullPath)
    {
        var source = $"The master key file {fullPath}";
        var deadline = DateTime.UtcNow + WriterGrace;
        while (true)
        {
            string text;
            try
            {
                text = File.ReadAllText(fullPath);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                // The creator still holds it exclusively.
                Thread.Sleep(20);
                continue;
            }
            if (text.Length > 0)
            {
                return SecretProtector.DecodeKey(text, source);
            }
            // Counted from the file's creation, not from when this reader looked: a file left
            // empty by a creator that died long ago is reported at once.
            if (DateTime.UtcNow >= deadline || DateTime.UtcNow - File.GetLastWriteTimeUtc(fullPath) >= WriterGrace)
            {
                // Empty means the creating process died before writing, so nothing was ever
                // protected with it and deleting it is safe.
                throw new InvalidOperationException($"{source} is empty. No secret can have been protected with it; delete it and a new key will be created.");
            }
            // Between another process's exclusive create and its write, the file is briefly empty.
            Thread.Sleep(20);
        }
    }
}
