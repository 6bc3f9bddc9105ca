namespace Portal.Training.Preprocessing;

/// <summary>Something in one row that scoring could not use as given; the row is still scored.</summary>
public sealed record RowIssue(int Row, string Column, string Code, string? Value)
{
    public const string MissingColumn = "Scoring.MissingColumn";
    public const string NotANumber = "Scoring.NotANumber";
    public const string UnseenCategory = "Scoring.UnseenCategory";
    public const string NotADate = "Scoring.NotADate";
    public const string EmptyText = "Scoring.EmptyText";

    public string Message => Code switch
    {
        MissingColumn => $"Column '{Column}' is missing; its training median or 'missing' was used.",
        NotANumber => $"'{Value}' in column '{Column}' is not a number; the training median was used.",
        NotADate => $"'{Value}' in column '{Column}' is not a date; it was treated as missing.",
        EmptyText => $"Column '{Column}' is empty; there is no text to label.",
        _ => $"'{Value}' in column '{Column}' was not seen in training; it was treated as a rare value.",
    };
}
