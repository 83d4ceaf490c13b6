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

    public static byte[] LoadOrCreate(string path, int keySize)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path, $"{SecretProtectionOptions.SectionName}:KeyFile");
        var fullPath = Path.GetFullPath(path);
        if (!File.Exists(fullPath))
        {
            Create(fullPath, keySize);
        }
        return SecretProtector.DecodeKey(File.ReadAllText(fullPath), $"The master key file {fullPath}");
    }

    private static void Create(string fullPath, int keySize)
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

        // Written in full to a private temporary file, then renamed into place without overwriting:
        // a reader never sees a half-written key, and when two processes race, the loser's rename
        // fails and it reads the winner's key instead of replacing it (which would orphan whatever
        // the winner already encrypted).
        var temporary = fullPath + "." + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)) + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            // Given to open(2), so the file is 0600 from the moment it exists (no chmod window).
            options.UnixCreateMode = OwnerReadWrite;
        }
        try
        {
            using (var stream = new FileStream(temporary, options))
            {
                stream.Write(Encoding.ASCII.GetBytes(Convert.ToBase64String(RandomNumberGenerator.GetBytes(keySize)) + "\n"));
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, fullPath, overwrite: false);
        }
        catch (IOException) when (File.Exists(fullPath))
        {
            // Another process created it first; use theirs.
        }
        finally
        {
            File.Delete(temporary);
        }
    }
}
