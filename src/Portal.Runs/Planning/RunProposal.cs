namespace Portal.Runs.Planning;

/// <summary>The settings the portal proposes for a dataset, which the new-run flow starts from.</summary>
public sealed record RunProposal(
    Guid DatasetId,
    string DatasetName,
    IReadOnlyList<ColumnChoice> Columns,
    TabularSpecification Specification,
    long Rows);

/// <summary>A column as the new-run flow shows it: its profiled type, and whether it is usable as a feature by default.</summary>
public sealed record ColumnChoice(string Name, string Type, long Distinct, bool IsIdentifier);
