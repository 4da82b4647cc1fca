using SvDecode.Eval.Peft;
using SvDecode.Eval.Pipeline;
using SvDecode.Eval.Pipeline.Spec;
using SvDecode.Eval.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SvDecode.Eval.Tool.Bench.Subjects;

/// <summary>
/// Warm-start training steps of one PEFT method (default pipeline settings) on the bench model: the same forward
/// (<see cref="IPeftAdapter.TrainingHidden"/>), loss, backward, clipping and AdamW step as the warm-start stage, with
/// every position of the batch counted as an answer token.
/// </summary>
public sealed class PeftWarmStartSubject(PeftMethod method) : IWarmStartSubject
{
    public string Method => SpecBinder.SnakeCase(method.ToString());

    public IWarmStartTrainer Create(BenchModelContext context)
    {
        var settings = new WarmStartSettings();
        var config = settings.ConfigFor(method, context.Model.Config, context.ModelDirectory);
        return new Trainer(PeftAdapters.Create(context.Model, config, seed: context.Suite.Seed), settings);
    }

    /// <summary>Attached to the shared bench model in training mode; disposing detaches it and restores eval mode.</summary>
    private sealed class Trainer : IWarmStartTrainer
    {
        private readonly IPeftAdapter _adapter;
        private readonly WarmStartSettings _settings;
        private readonly OptimizerHelper _optimizer;

        public Trainer(IPeftAdapter adapter, WarmStartSettings settings)
        {
            _adapter = adapter;
            _settings = settings;
            _optimizer = optim.AdamW(adapter.TrainableParameters, settings.LearningRate);
            adapter.Model.train();
        }

        public void Step(Tensor ids, Tensor mask)
        {
            using var scope = NewDisposeScope();
            _optimizer.zero_grad();
            var labels = ids.masked_fill(mask.eq(0), AnswerLoss.Ignore);               // (B, T)
            var hidden = _adapter.TrainingHidden(ids, mask);                            // (B, T, C)
            AnswerLoss.Compute(hidden, labels, _adapter.Model.Head).backward();
            nn.utils.clip_grad_norm_(_adapter.TrainableParameters, _settings.MaxGradNorm);
            _optimizer.step();
        }

        public void Dispose()
        {
            _adapter.Model.eval();
            _optimizer.Dispose();
            _adapter.Dispose();
        }
    }
}
