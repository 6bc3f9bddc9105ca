using System.Text.Json;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Portal.Training.Trainers;

/// <summary>What a resumed run needs besides the weights and the optimiser state.</summary>
public sealed record CheckpointState(
    string SpecificationHash,
    int EpochsDone,
    double BestValidationLoss,
    int BestEpoch,
    int EpochsWithoutImprovement,
    bool Finished,
    List<EpochRecord> History);

/// <summary>
/// One checkpoint folder per run, replaced whole after every epoch (written beside it, then moved in), so a crash
/// mid-write leaves the previous checkpoint intact. The best weights so far are kept separately.
/// </summary>
public sealed class CheckpointStore(string folder)
{
    private string Current => Path.Combine(folder, "checkpoint");
    private string Pending => Path.Combine(folder, "checkpoint.pending");

    public string BestWeights => Path.Combine(folder, "best.weights");

    /// <summary>Whether a complete checkpoint is there to resume from.</summary>
    public bool HasCheckpoint => Directory.Exists(Current) || File.Exists(Path.Combine(Pending, "state.json"));

    public void Save(nn.Module model, OptimizerHelper optimizer, CheckpointState state, RowAdam? rows = null)
    {
        Directory.CreateDirectory(folder);
        if (Directory.Exists(Pending))
        {
            Directory.Delete(Pending, recursive: true);
        }

        Directory.CreateDirectory(Pending);
        model.save(Path.Combine(Pending, "model.weights"));
        optimizer.save_state_dict(Path.Combine(Pending, "optimizer.state"));
        rows?.save(Path.Combine(Pending, "rows.state"));
        File.WriteAllText(Path.Combine(Pending, "state.json"), JsonSerializer.Serialize(state));
        if (Directory.Exists(Current))
        {
            Directory.Delete(Current, recursive: true);
        }

        Directory.Move(Pending, Current);
    }

    public void SaveBest(nn.Module model)
    {
        Directory.CreateDirectory(folder);
        var temp = BestWeights + ".pending";
        model.save(temp);
        File.Move(temp, BestWeights, overwrite: true);
    }

    /// <summary>Loads the last complete checkpoint into the model and optimiser; null when there is none.</summary>
    public CheckpointState? TryLoad(nn.Module model, OptimizerHelper optimizer, RowAdam? rows = null)
    {
        // A crash between deleting the old checkpoint and moving in the new one leaves only the pending one, complete.
        var source = Directory.Exists(Current) ? Current : File.Exists(Path.Combine(Pending, "state.json")) ? Pending : null;
        if (source is null)
        {
            return null;
        }

        var state = JsonSerializer.Deserialize<CheckpointState>(File.ReadAllText(Path.Combine(source, "state.json")))!;
        model.load(Path.Combine(source, "model.weights"));
        optimizer.load_state_dict(Path.Combine(source, "optimizer.state"));
        rows?.load(Path.Combine(source, "rows.state"));
        return state;
    }
}
