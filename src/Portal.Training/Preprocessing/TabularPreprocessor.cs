using Portal.Training.Data;
using Portal.Training.Specification;

namespace Portal.Training.Preprocessing;

/// <summary>Fits encodings on the training rows only and turns any rows into a dense float matrix.</summary>
public static class TabularPreprocessor
{
    private const double NumericShare = 0.95;
    private const int MaxLevels = 50;

    public static PreprocessingState Fit(TabularData data, IReadOnlyList<int> trainRows, TabularSpecification spec)
    {
        var features = spec.Features ?? data.ColumnNames.Where(c => c != spec.Target).ToList();
        var numeric = new List<NumericEncoding>();
        var categorical = new List<CategoricalEncoding>();
        var dates = new List<DateEncoding>();
        var ignored = new List<string>();
        foreach (var name in features)
        {
            var column = data.Column(name);
            var values = trainRows.Select(r => column[r]).ToList();
            var present = values.Where(v => !TabularData.IsMissing(v)).ToList();
            if (present.Count == 0)
            {
                ignored.Add(name);
                continue;
            }

            var numbers = present.Select(TabularData.ParseNumber).Where(n => n is not null).Select(n => n!.Value).ToList();
            if (numbers.Count >= NumericShare * present.Count)
            {
                var sorted = numbers.Order().ToList();
                var median = sorted[sorted.Count / 2];
                var mean = numbers.Average();
                var std = Math.Sqrt(numbers.Sum(n => (n - mean) * (n - mean)) / numbers.Count);
                numeric.Add(new NumericEncoding(name, median, mean, std > 1e-12 ? std : 1, present.Count < values.Count));
                continue;
            }

            var parsedDates = present.Select(TabularData.ParseDate).Where(d => d is not null).Select(d => d!.Value).ToList();
            if (parsedDates.Count >= NumericShare * present.Count)
            {
                var years = parsedDates.Select(d => d.Year + d.DayOfYear / 366.0).ToList();
                var yearMean = years.Average();
                var yearStd = Math.Sqrt(years.Sum(y => (y - yearMean) * (y - yearMean)) / years.Count);
                dates.Add(new DateEncoding(name, yearMean, yearStd > 1e-9 ? yearStd : 1));
                continue;
            }

            var counts = present.GroupBy(v => v!.Trim(), StringComparer.Ordinal).Select(g => (Level: g.Key, Count: g.Count())).ToList();
            if (counts.Count > 0.9 * present.Count && counts.Count > MaxLevels)
            {
                ignored.Add(name); // an identifier or free text: one level per row teaches nothing
                continue;
            }

            var minimum = Math.Max(2, (int)(0.01 * present.Count));
            var levels = counts.Where(c => c.Count >= minimum).OrderByDescending(c => c.Count).ThenBy(c => c.Level, StringComparer.Ordinal)
                .Take(MaxLevels).Select(c => c.Level).ToList();
            var rare = counts.Select(c => c.Level).Except(levels, StringComparer.Ordinal).Order(StringComparer.Ordinal).Take(
                1_000).ToList();
            categorical.Add(new CategoricalEncoding(name, levels, rare));
        }

        return new PreprocessingState(numeric, categorical, ignored, FitTarget(data, trainRows, spec), dates);
    }

    private static TargetEncoding FitTarget(TabularData data, IReadOnlyList<int> trainRows, TabularSpecification spec)
    {
        var column = data.Column(spec.Target);
        if (spec.Task == TrainingTask.Regression)
        {
            var y = trainRows.Select(r => TabularData.ParseNumber(column[r])!.Value).ToList();
            var mean = y.Average();
            var std = Math.Sqrt(y.Sum(v => (v - mean) * (v - mean)) / y.Count);
            return new TargetEncoding(spec.Task, mean, std > 1e-12 ? std : 1, []);
        }

        var classes = column.Where(v => !TabularData.IsMissing(v)).Select(v => v!.Trim()).Distinct(StringComparer.Ordinal).Order(
            StringComparer.Ordinal).ToList();
        return new TargetEncoding(spec.Task, 0, 1, classes);
    }

    /// <summary>
    /// Row-major features for the given rows, <see cref="PreprocessingState.Width"/> values per row. A missing column,
    /// an unparseable number or an unseen category is used as missing or "other", and reported in <paramref name="issues"/>.
    /// </summary>
    public static float[] Transform(
        PreprocessingState state, TabularData data, IReadOnlyList<int> rows, ICollection<RowIssue>? issues = null)
    {
        var width = state.Width;
        var result = new float[rows.Count * width];
        var offset = 0;
        foreach (var encoding in state.Numeric)
        {
            var column = ColumnOrMissing(data, encoding.Column, rows, issues);
            for (var i = 0; i < rows.Count; i++)
            {
                var raw = column[rows[i]];
                var value = TabularData.ParseNumber(raw);
                if (value is null && !TabularData.IsMissing(raw))
                {
                    issues?.Add(new RowIssue(rows[i], encoding.Column, RowIssue.NotANumber, raw));
                }

                result[i * width + offset] = (float)(((value ?? encoding.Median) - encoding.Mean) / encoding.Std);
                if (encoding.MissingIndicator)
                {
                    result[i * width + offset + 1] = value is null ? 1f : 0f;
                }
            }

            offset += encoding.Width;
        }

        foreach (var encoding in state.Categorical)
        {
            var column = ColumnOrMissing(data, encoding.Column, rows, issues);
            var index = encoding.Levels.Select((level, i) => (level, i)).ToDictionary(p => p.level, p => p.i, StringComparer.Ordinal);
            var rare = encoding.RareLevels.ToHashSet(StringComparer.Ordinal);
            for (var i = 0; i < rows.Count; i++)
            {
                var raw = column[rows[i]];
                var slot = TabularData.IsMissing(raw) ? encoding.Levels.Count + 1
                    : index.TryGetValue(raw!.Trim(), out var level) ? level
                    : encoding.Levels.Count;
                if (issues is not null && slot == encoding.Levels.Count && !rare.Contains(raw!.Trim()))
                {
                    issues.Add(new RowIssue(rows[i], encoding.Column, RowIssue.UnseenCategory, raw));
                }

                result[i * width + offset + slot] = 1f;
            }

            offset += encoding.Width;
        }

        foreach (var encoding in state.Dates ?? [])
        {
            var column = ColumnOrMissing(data, encoding.Column, rows, issues);
            for (var i = 0; i < rows.Count; i++)
            {
                var at = i * width + offset;
                var raw = column[rows[i]];
                if (TabularData.ParseDate(raw) is not { } date)
                {
                    if (!TabularData.IsMissing(raw))
                    {
                        issues?.Add(new RowIssue(rows[i], encoding.Column, RowIssue.NotADate, raw));
                    }

                    result[at + 5] = 1f;
                    continue;
                }

                result[at] = (float)((date.Year + date.DayOfYear / 366.0 - encoding.YearMean) / encoding.YearStd);
                result[at + 1] = (float)Math.Sin(2 * Math.PI * (date.Month - 1) / 12);
                result[at + 2] = (float)Math.Cos(2 * Math.PI * (date.Month - 1) / 12);
                result[at + 3] = (float)Math.Sin(2 * Math.PI * (int)date.DayOfWeek / 7);
                result[at + 4] = (float)Math.Cos(2 * Math.PI * (int)date.DayOfWeek / 7);
            }

            offset += DateEncoding.Width;
        }

        return result;
    }

    private static string?[] ColumnOrMissing(TabularData data, string name, IReadOnlyList<int> rows, ICollection<RowIssue>? issues)
    {
        if (data.HasColumn(name))
        {
            return data.Column(name);
        }

        foreach (var row in rows)
        {
            issues?.Add(new RowIssue(row, name, RowIssue.MissingColumn, null));
        }

        return new string?[data.RowCount];
    }

    public static float[] RegressionTargets(PreprocessingState state, TabularData data, IReadOnlyList<int> rows, string target)
    {
        var column = data.Column(target);
        return rows.Select(r => (float)((TabularData.ParseNumber(column[r])!.Value - state.Target.Mean) / state.Target.Std)).ToArray();
    }

    public static long[] ClassTargets(PreprocessingState state, TabularData data, IReadOnlyList<int> rows, string target)
    {
        var column = data.Column(target);
        var index = state.Target.Classes.Select((c, i) => (c, i)).ToDictionary(p => p.c, p => (long)p.i, StringComparer.Ordinal);
        return rows.Select(r => index[column[r]!.Trim()]).ToArray();
    }
}
