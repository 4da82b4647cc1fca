using SvDecode.Eval.Models;
using SvDecode.Eval.Tokenization;

namespace SvDecode.Eval.Stages;

/// <summary>The run's pre-trained model and its tokenizer, loaded once and shared by every stage.</summary>
public sealed record LoadedModel(CausalLanguageModel Model, ITextTokenizer Tokenizer, string Fingerprint, string Directory);
