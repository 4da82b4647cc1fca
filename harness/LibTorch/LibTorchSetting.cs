namespace SvDecode.Eval.LibTorch;

/// <summary>
/// The user's choice of a LibTorch folder to run with instead of the CPU LibTorch the tool carries (docs/gpu.md):
/// the <c>--libtorch</c> option, else the <c>SVDECODE_LIBTORCH</c> environment variable. The folder's own version file
/// says which release it is; <see cref="StatedVersion"/> (<c>--libtorch-version</c> / <c>SVDECODE_LIBTORCH_VERSION</c>)
/// stands in only where the folder has none.
/// </summary>
/// <param name="Path">The folder as given.</param>
/// <param name="StatedVersion">The release the user says the folder is, or null.</param>
/// <param name="Source">Which setting named the folder: <see cref="Option"/> or <see cref="Variable"/>.</param>
/// <param name="StatedVersionSource">Which setting stated the version: <see cref="VersionOption"/> (also when null) or <see cref="VersionVariable"/>.</param>
public sealed record LibTorchSetting(string Path, string? StatedVersion, string Source, string? StatedVersionSource = null)
{
    public const string Option = "--libtorch";
    public const string VersionOption = "--libtorch-version";
    public const string Variable = "SVDECODE_LIBTORCH";
    public const string VersionVariable = "SVDECODE_LIBTORCH_VERSION";

    /// <summary>How error messages name the setting: "--libtorch /x" or "SVDECODE_LIBTORCH=/x".</summary>
    public string Describe() => Source == Option ? $"{Option} {Path}" : $"{Variable}={Path}";

    /// <summary>The setting from the options, else from the environment; null when neither names a folder.</summary>
    public static LibTorchSetting? Resolve(string? optionPath, string? optionVersion, Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        var (version, versionSource) = Value(optionVersion) is { } stated ? (stated, VersionOption)
            : Value(environment(VersionVariable)) is { } fromVariable ? (fromVariable, VersionVariable)
            : ((string?)null, (string?)null);
        if (Value(optionPath) is { } path)
        {
            return new LibTorchSetting(path, version, Option, versionSource);
        }
        if (Value(environment(Variable)) is { } fromEnvironment)
        {
            return new LibTorchSetting(fromEnvironment, version, Variable, versionSource);
        }
        if (version is not null)
        {
            throw new InputException($"{VersionOption} (or {VersionVariable}) says which release a LibTorch folder is, but no folder is given: add {Option} <dir> or set {Variable}.");
        }
        return null;
    }

    private static string? Value(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
