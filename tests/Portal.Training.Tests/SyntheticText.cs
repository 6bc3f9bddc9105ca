using System.Text;

namespace Portal.Training.Tests;

/// <summary>Public-opinion sentences in Chinese and English whose sentiment is carried by words drawn from small lexicons.</summary>
internal static class SyntheticText
{
    private static readonly string[] PositiveZh = ["很好", "满意", "支持", "进步", "高兴", "成功", "改善"];
    private static readonly string[] NegativeZh = ["糟糕", "失望", "反对", "倒退", "担心", "失败", "恶化"];
    private static readonly string[] NeutralZh = ["政策", "贸易", "今天", "城市", "报告", "会议", "数据", "市民", "政府"];
    private static readonly string[] PositiveEn = ["good", "great", "support", "progress", "pleased", "success", "improved"];
    private static readonly string[] NegativeEn = ["bad", "terrible", "oppose", "setback", "worried", "failure", "worse"];
    private static readonly string[] NeutralEn = ["policy", "trade", "today", "city", "report", "meeting", "data", "residents", "government"];

    public static string Csv(int rows, int seed)
    {
        var random = new Random(seed);
        var text = new StringBuilder("text,sentiment\n");
        for (var i = 0; i < rows; i++)
        {
            var positive = random.Next(2) == 0;
            var chinese = random.Next(2) == 0;
            var (lexicon, filler) = chinese ? (positive ? PositiveZh : NegativeZh, NeutralZh) : (positive ? PositiveEn : NegativeEn, NeutralEn);
            var words = Enumerable.Range(0, 6).Select(_ => filler[random.Next(filler.Length)]).ToList();
            words.Insert(random.Next(words.Count), lexicon[random.Next(lexicon.Length)]);
            var sentence = chinese ? string.Concat(words) + "。" : string.Join(' ', words) + ".";
            text.Append('"').Append(sentence).Append("\",").Append(positive ? "positive" : "negative").Append('\n');
        }

        return text.ToString();
    }
}
