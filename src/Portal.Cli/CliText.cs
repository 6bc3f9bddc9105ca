using System.Globalization;

namespace Portal.Cli;

/// <summary>Every sentence the client prints, in English and Simplified Chinese (chosen by the system's UI language).</summary>
public static class CliText
{
    private static readonly Dictionary<string, (string En, string Zh)> Texts = new()
    {
        ["Usage"] = (
            """
            concordia [--url URL] [--token TOKEN] <command>
              (or set CONCORDIA_URL and CONCORDIA_TOKEN; create a token under your account → Access tokens)

              me                                   who you are, your quotas and what you use of them
              upload <file> [--kind K] [--project ID]   upload a dataset (Table, LabelledText, TaggedCorpus, ParallelText)
              datasets [--search TEXT]             your datasets
              download <datasetId> [--out FILE]    the original file of a dataset
              train <datasetId> [--task T] [--target COLUMN] [--name NAME] [--project ID] [--set NAME=VALUE …] [--wait]
                                                   start a run (settings left out are the portal's proposal)
              runs [--status S]                    your runs, newest first
              wait <runId>                         follow a run with a progress bar until it ends
              cancel <runId>                       cancel a queued or running run
              score <runId> <file> [--id-column C] [--out FILE]   score a file with the run's model and save the predictions
              download-model <runId> [--out FILE]  the trained model package (zip)
            """,
            """
            concordia [--url 地址] [--token 令牌] <命令>
              （也可设置 CONCORDIA_URL 和 CONCORDIA_TOKEN；令牌在“我的账户 → 访问令牌”中创建）

              me                                   您的账户、配额及已用量
              upload <文件> [--kind 类型] [--project 项目ID]   上传数据集（Table、LabelledText、TaggedCorpus、ParallelText）
              datasets [--search 文字]             您的数据集
              download <数据集ID> [--out 文件]     下载数据集的原始文件
              train <数据集ID> [--task 任务] [--target 列] [--name 名称] [--project 项目ID] [--set 名称=值 …] [--wait]
                                                   启动运行（未给出的设置采用门户的建议）
              runs [--status 状态]                 您的运行，最新的在前
              wait <运行ID>                        用进度条跟踪运行直到结束
              cancel <运行ID>                      取消排队中或运行中的运行
              score <运行ID> <文件> [--id-column 列] [--out 文件]   用运行的模型为文件打分并保存预测结果
              download-model <运行ID> [--out 文件]  下载训练好的模型包（zip）
            """),
        ["UnknownCommand"] = ("Unknown command \"{0}\". Run concordia help for the commands.", "未知命令“{0}”。运行 concordia help 查看命令。"),
        ["Missing"] = ("{0} needs {1}.", "{0} 需要 {1}。"),
        ["BadSetting"] = ("--set takes NAME=VALUE, not \"{0}\".", "--set 的格式是 名称=值，而不是“{0}”。"),
        ["NoFile"] = ("No such file: {0}", "找不到文件：{0}"),
        ["NoToken"] = ("No access token: pass --token or set CONCORDIA_TOKEN.", "没有访问令牌：请使用 --token 或设置 CONCORDIA_TOKEN。"),
        ["Unreachable"] = ("Cannot reach the portal at {0}: {1}", "无法连接门户 {0}：{1}"),
        ["Refused"] = ("The portal refused ({0}): {1}", "门户拒绝了请求（{0}）：{1}"),
        ["Uploaded"] = ("Uploaded {0}: {1} rows, {2} columns. Dataset id: {3}", "已上传 {0}：{1} 行，{2} 列。数据集 ID：{3}"),
        ["Started"] = ("Started run {0} ({1}). Run id: {2}", "已启动运行 {0}（{1}）。运行 ID：{2}"),
        ["Queued"] = ("Queued, position {0}", "排队中，第 {0} 位"),
        ["QueuedNoPosition"] = ("Queued", "排队中"),
        ["Epoch"] = ("epoch {0}/{1}", "第 {0}/{1} 轮"),
        ["Left"] = ("about {0} left", "约剩 {0}"),
        ["Ended"] = ("Run {0}: {1}", "运行 {0}：{1}"),
        ["Headline"] = ("{0} {1} (baseline {2}), model {3}", "{0} {1}（基线 {2}），模型 {3}"),
        ["Failed"] = ("The run failed: {0}", "运行失败：{0}"),
        ["Cancelled"] = ("Cancel requested for run {0} (now {1}).", "已请求取消运行 {0}（当前 {1}）。"),
        ["Scoring"] = ("Scoring {0}", "正在为 {0} 打分"),
        ["ScoringFailed"] = ("Scoring failed: {0}", "打分失败：{0}"),
        ["Scored"] = ("Scored {0} rows ({1} with issues); predictions saved to {2}", "已为 {0} 行打分（{1} 行有问题）；预测结果已保存到 {2}"),
        ["Saved"] = ("Saved {0}", "已保存 {0}"),
        ["Me"] = ("{0} ({1}) · storage {2} of {3} MB · active runs {4} of {5} · compute {6} of {7} min this month",
            "{0}（{1}）· 存储 {2} / {3} MB · 活动运行 {4} / {5} · 本月计算 {6} / {7} 分钟"),
        ["None"] = ("(none)", "（无）"),
        ["Status.Queued"] = ("queued", "排队中"),
        ["Status.Running"] = ("running", "运行中"),
        ["Status.Succeeded"] = ("succeeded", "成功"),
        ["Status.Failed"] = ("failed", "失败"),
        ["Status.Cancelled"] = ("cancelled", "已取消"),
        ["Status.StoppedByQuota"] = ("stopped by the quota", "因配额停止"),
    };

    public static bool Chinese => CultureInfo.CurrentUICulture.Name.StartsWith("zh", StringComparison.OrdinalIgnoreCase);

    public static string Get(string key, params object?[] arguments)
    {
        var (en, zh) = Texts[key];
        return string.Format(CultureInfo.CurrentCulture, Chinese ? zh : en, arguments);
    }

    /// <summary>A status the API names (Queued, Succeeded…) in the reader's words; an unknown one as the API gave it.</summary>
    public static string Status(string? status) =>
        status is not null && Texts.ContainsKey("Status." + status) ? Get("Status." + status) : status ?? "?";

    /// <summary>A duration as people say it: 45 s, 3 min, 1 h 20 min.</summary>
    public static string Duration(double seconds) => seconds switch
    {
        < 60 => Chinese ? $"{seconds:0} 秒" : $"{seconds:0} s",
        < 3600 => Chinese ? $"{seconds / 60:0} 分钟" : $"{seconds / 60:0} min",
        _ => Chinese ? $"{(int)(seconds / 3600)} 小时 {seconds % 3600 / 60:0} 分钟" : $"{(int)(seconds / 3600)} h {seconds % 3600 / 60:0} min",
    };
}
