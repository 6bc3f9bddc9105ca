namespace Portal.Web.Features.ResultPages;

/// <summary>ROC and precision-recall curves, one class against the rest, from predicted probabilities.</summary>
public static class CurveMath
{
    public sealed record Curve(IReadOnlyList<(double X, double Y)> Points, double Area);

    /// <returns>ROC (false-positive rate, true-positive rate) with its AUC, and PR (recall, precision) with average precision.</returns>
    public static (Curve Roc, Curve PrecisionRecall)? ForClass(IReadOnlyList<bool> isClass, IReadOnlyList<double> score)
    {
        var positives = isClass.Count(p => p);
        var negatives = isClass.Count - positives;
        if (positives == 0 || negatives == 0)
        {
            return null;
        }

        var order = Enumerable.Range(0, score.Count).OrderByDescending(i => score[i]).ToList();
        var roc = new List<(double, double)> { (0, 0) };
        var pr = new List<(double, double)>();
        double tp = 0, fp = 0, auc = 0, averagePrecision = 0, previousFpr = 0, previousTpr = 0, previousRecall = 0;
        for (var k = 0; k < order.Count; k++)
        {
            if (isClass[order[k]])
            {
                tp++;
            }
            else
            {
                fp++;
            }

            if (k < order.Count - 1 && score[order[k + 1]] == score[order[k]])
            {
                continue; // ties move together
            }

            double tpr = tp / positives, fpr = fp / negatives, precision = tp / (tp + fp), recall = tpr;
            auc += (fpr - previousFpr) * (tpr + previousTpr) / 2;
            averagePrecision += (recall - previousRecall) * precision;
            roc.Add((fpr, tpr));
            pr.Add((recall, precision));
            (previousFpr, previousTpr, previousRecall) = (fpr, tpr, recall);
        }

        return (new Curve(Thin(roc), auc), new Curve(Thin(pr), averagePrecision));
    }

    /// <summary>At most ~200 points, keeping the first and last, so large test sets draw quickly.</summary>
    private static List<(double, double)> Thin(List<(double, double)> points)
    {
        if (points.Count <= 200)
        {
            return points;
        }

        var step = points.Count / 200.0;
        var thinned = Enumerable.Range(0, 200).Select(i => points[(int)(i * step)]).ToList();
        thinned.Add(points[^1]);
        return thinned;
    }
}
