using System.Globalization;
using System.Text;

// Synthetic, seeded sample data: every number below is made up by a stated formula plus noise, so the samples are
// honest about not being real statistics. Run from the repository root:
//   dotnet run --project tools/Portal.SampleData
var output = args.FirstOrDefault() ?? Path.Combine("wwwroot-assets", "samples");
Directory.CreateDirectory(output);
var c = CultureInfo.InvariantCulture;

Write("trade-panel.csv", TradePanel(new Random(101)));
Write("climate-indicators.csv", Climate(new Random(102)));
Write("social-survey.csv", Survey(new Random(103)));
Write("order-status.csv", Orders(new Random(104)));
Write("epidemic-daily.csv", Epidemic(new Random(105)));
Write("public-opinion.csv", Opinion(new Random(106)));
Write("news-entities.conll", Entities(new Random(107)));
Write("parallel-zh-en.tsv", Parallel(new Random(108)));
Console.WriteLine($"Samples written to {Path.GetFullPath(output)}");

void Write(string name, string content) => File.WriteAllText(Path.Combine(output, name), content, new UTF8Encoding(false));

double Normal(Random r) => Math.Sqrt(-2 * Math.Log(1 - r.NextDouble())) * Math.Cos(2 * Math.PI * r.NextDouble());

// Gravity model: log(trade) = 0.9 log(GDP_o) + 0.8 log(GDP_d) − 1.1 log(distance) + 0.3 log(rate) + noise(0.35).
string TradePanel(Random r)
{
    string[] countries = ["China", "Kenya", "Brazil", "Germany", "India", "Chile", "Viet Nam", "Egypt", "Indonesia", "Peru", "Ghana", "Mexico"];
    var gdp = countries.ToDictionary(k => k, _ => Math.Exp(4 + 3 * r.NextDouble()));
    var position = countries.ToDictionary(k => k, _ => (r.NextDouble() * 180 - 90, r.NextDouble() * 360 - 180));
    var text = new StringBuilder("year,origin,destination,gdp_origin_bn,gdp_destination_bn,distance_km,exchange_rate,trade_volume_mn\n");
    for (var year = 2010; year <= 2023; year++)
    {
        foreach (var o in countries)
        {
            foreach (var d in countries.Where(d => d != o))
            {
                var (a, b) = (position[o], position[d]);
                var distance = 500 + 111 * Math.Sqrt(Math.Pow(a.Item1 - b.Item1, 2) + Math.Pow(a.Item2 - b.Item2, 2));
                var growth = Math.Pow(1.03, year - 2010);
                var (go, gd) = (gdp[o] * growth, gdp[d] * growth);
                var rate = Math.Exp(Normal(r) * 0.2);
                var trade = Math.Exp(0.9 * Math.Log(go) + 0.8 * Math.Log(gd) - 1.1 * Math.Log(distance) + 0.3 * Math.Log(rate) + 0.35 * Normal(r) + 3);
                text.Append(c, $"{year},{o},{d},{go:0.0},{gd:0.0},{distance:0},{rate:0.000},{trade:0.0}\n");
            }
        }
    }

    return text.ToString();
}

// temperature_anomaly = 0.008 (co2 − 340) − 0.02 (forest_cover − 31) + 0.1 sin(2π year / 11) + noise(0.08).
string Climate(Random r)
{
    var text = new StringBuilder("year,region,co2_ppm,forest_cover_pct,temperature_anomaly_c\n");
    foreach (var region in new[] { "East Asia", "Sub-Saharan Africa", "Latin America", "Europe", "South Asia" })
    {
        var forest = 25 + 15 * r.NextDouble();
        for (var year = 1980; year <= 2023; year++)
        {
            var co2 = 338 + 1.9 * (year - 1980) + 0.6 * Normal(r);
            forest -= 0.05 + 0.03 * r.NextDouble();
            var anomaly = 0.008 * (co2 - 340) - 0.02 * (forest - 31) + 0.1 * Math.Sin(2 * Math.PI * year / 11) + 0.08 * Normal(r);
            var forestText = r.NextDouble() < 0.03 ? "" : forest.ToString("0.00", c);
            text.Append(c, $"{year},{region},{co2:0.0},{forestText},{anomaly:0.000}\n");
        }
    }

    return text.ToString();
}

// equity_class from a score = 0.5 z(income) + 0.3 z(education years) + 0.4 employed + noise: low / middle / high tertiles.
string Survey(Random r)
{
    var rows = Enumerable.Range(0, 2000).Select(i =>
    {
        var income = Math.Exp(9.5 + 0.6 * Normal(r));
        var education = Math.Clamp(10 + 3.5 * Normal(r), 0, 22);
        var employed = r.NextDouble() < 0.72;
        var score = 0.5 * (Math.Log(income) - 9.5) / 0.6 + 0.3 * (education - 10) / 3.5 + (employed ? 0.4 : -0.4) + 0.5 * Normal(r);
        return (i, income, education, employed, region: new[] { "north", "south", "east", "west" }[r.Next(4)], score);
    }).ToList();
    var cuts = rows.Select(x => x.score).Order().ToList();
    var (low, high) = (cuts[cuts.Count / 3], cuts[2 * cuts.Count / 3]);
    var text = new StringBuilder("respondent_id,region,annual_income,education_years,employed,equity_class\n");
    foreach (var x in rows)
    {
        text.Append(c, $"R{x.i:00000},{x.region},{x.income:0},{x.education:0.0},{(x.employed ? "yes" : "no")},{(x.score < low ? "low" : x.score < high ? "middle" : "high")}\n");
    }

    return text.ToString();
}

// shipped = 1 when a logit of 2 − 0.8 × late_documents − 0.002 × value_usd/100 + 0.6 × prepaid + noise > 0.
string Orders(Random r)
{
    var text = new StringBuilder("order_id,order_date,value_usd,destination_region,late_documents,prepaid,shipped\n");
    var start = new DateTime(2023, 1, 2);
    for (var i = 0; i < 3000; i++)
    {
        var value = Math.Exp(7 + Normal(r));
        var late = r.Next(4);
        var prepaid = r.NextDouble() < 0.5;
        var logit = 2 - 0.8 * late - 0.002 * value / 100 + (prepaid ? 0.6 : 0) + Normal(r);
        text.Append(c, $"O{i:000000},{start.AddDays(r.Next(365)):yyyy-MM-dd},{value:0.00},{new[] { "Asia", "Africa", "Europe", "Americas" }[r.Next(4)]},{late},{(prepaid ? "true" : "false")},{(logit > 0 ? "shipped" : "held")}\n");
    }

    return text.ToString();
}

// Daily cases: a logistic wave × a weekly reporting pattern (weekends under-reported) × log-normal noise.
string Epidemic(Random r)
{
    var text = new StringBuilder("date,new_cases,tests,mobility_index\n");
    var start = new DateTime(2022, 1, 1);
    double[] weekly = [1.05, 1.1, 1.08, 1.02, 0.98, 0.8, 0.7];
    for (var d = 0; d < 540; d++)
    {
        var wave = 2000 / (1 + Math.Exp(-(d - 120) / 18.0)) - 1500 / (1 + Math.Exp(-(d - 260) / 25.0)) + 800 / (1 + Math.Exp(-(d - 420) / 20.0)) + 150;
        var day = start.AddDays(d);
        var cases = wave * weekly[(int)day.DayOfWeek] * Math.Exp(0.08 * Normal(r));
        text.Append(c, $"{day:yyyy-MM-dd},{cases:0},{cases * (8 + r.NextDouble() * 4):0},{100 - 0.01 * wave + 3 * Normal(r):0.0}\n");
    }

    return text.ToString();
}

// Sentences assembled from neutral words and one sentiment-bearing word (in Chinese or English).
string Opinion(Random r)
{
    string[] posZh = ["很满意", "值得支持", "明显改善", "令人高兴", "非常成功"], negZh = ["很失望", "令人担心", "明显恶化", "坚决反对", "彻底失败"], topicZh = ["新的贸易政策", "城市公共交通", "社区医疗服务", "气候行动计划", "文化遗产保护"];
    string[] posEn = ["is a real improvement", "deserves support", "worked well", "makes residents happy", "was a success"], negEn = ["is disappointing", "worries residents", "has made things worse", "should be opposed", "was a failure"], topicEn = ["The new trade policy", "Public transport in the city", "The community clinic", "The climate action plan", "Heritage protection"];
    var text = new StringBuilder("text,language,sentiment\n");
    for (var i = 0; i < 1200; i++)
    {
        var positive = r.Next(2) == 0;
        var line = r.Next(2) == 0
            ? $"{topicZh[r.Next(5)]}{(positive ? posZh : negZh)[r.Next(5)]}。,zh"
            : $"\"{topicEn[r.Next(5)]} {(positive ? posEn : negEn)[r.Next(5)]}.\",en";
        text.Append(line).Append(',').Append(positive ? "positive" : "negative").Append('\n');
    }

    return text.ToString();
}

// News-like sentences with people (PER), organisations (ORG) and places (LOC), BIO-tagged, one token per line.
string Entities(Random r)
{
    string[][] people = [["Maria", "Gonzalez"], ["Li", "Wei"], ["Amina", "Diallo"], ["Olga", "Petrova"], ["Kenji", "Sato"]];
    string[][] places = [["Geneva"], ["Nairobi"], ["Beijing"], ["Buenos", "Aires"], ["Jakarta"]];
    string[][] organisations = [["World", "Bank"], ["UNICEF"], ["African", "Union"], ["WTO"]];
    string[][] templates = [["PER", "met", "PER", "in", "LOC", "."], ["ORG", "opened", "an", "office", "in", "LOC", "."], ["PER", "will", "lead", "the", "ORG", "delegation", "."]];
    var text = new StringBuilder("-DOCSTART- O\n\n");
    for (var s = 0; s < 400; s++)
    {
        foreach (var slot in templates[r.Next(templates.Length)])
        {
            var names = slot switch { "PER" => people, "LOC" => places, "ORG" => organisations, _ => null };
            if (names is null)
            {
                text.Append(slot).Append(" O\n");
                continue;
            }

            var name = names[r.Next(names.Length)];
            for (var i = 0; i < name.Length; i++)
            {
                text.Append(name[i]).Append(i == 0 ? " B-" : " I-").Append(slot).Append('\n');
            }
        }

        text.Append('\n');
    }

    return text.ToString();
}

// Short Chinese–English sentence pairs composed from aligned phrases.
string Parallel(Random r)
{
    (string Zh, string En)[] subjects = [("政府", "The government"), ("市民", "Residents"), ("企业", "Companies"), ("学生", "Students")];
    (string Zh, string En)[] verbs = [("支持", "support"), ("讨论", "discuss"), ("关注", "follow")];
    (string Zh, string En)[] objects = [("新的贸易协定", "the new trade agreement"), ("气候政策", "the climate policy"), ("公共卫生计划", "the public health plan")];
    var text = new StringBuilder("source_zh\ttarget_en\n");
    for (var i = 0; i < 500; i++)
    {
        var (s, v, o) = (subjects[r.Next(subjects.Length)], verbs[r.Next(verbs.Length)], objects[r.Next(objects.Length)]);
        text.Append(s.Zh).Append(v.Zh).Append(o.Zh).Append('。').Append('\t').Append(s.En).Append(' ').Append(v.En).Append(' ').Append(o.En).Append(".\n");
    }

    return text.ToString();
}
