namespace SvDecode.Eval.Engine;

/// <summary>
/// One typed thing a stage leaves in its artifact for later stages: which stage writes it, where in the artifact it
/// is, and how it is read. A stage declares the outputs it reads (<see cref="IPipelineStage.Reads"/>) and gets them
/// from <see cref="StageContext.Read{T}"/>, so no stage knows another stage's folders, files or statics.
/// </summary>
public abstract class StageOutput(string stage, string fileName)
{
    /// <summary>The name of the stage that writes it.</summary>
    public string Stage { get; } = stage;

    /// <summary>The file (or folder) inside that stage's artifact.</summary>
    public string FileName { get; } = fileName;

    public override string ToString() => $"{Stage}/{FileName}";
}

/// <inheritdoc cref="StageOutput"/>
public sealed class StageOutput<T>(string stage, string fileName, Func<string, T> read) : StageOutput(stage, fileName)
{
    /// <summary>Reads the output from a committed artifact of <see cref="StageOutput.Stage"/>.</summary>
    public T ReadFrom(ArtifactReader artifact) => read(artifact.PathOf(FileName));
}
