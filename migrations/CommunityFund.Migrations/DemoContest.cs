using System.Globalization;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using CommunityFund.Web.Features.Contests.Awards;
using CommunityFund.Web.Features.Contests.Organisations;
using CommunityFund.Web.Features.Contests.Proposals;
using CommunityFund.Web.Features.Contests.Roadshow;
using CommunityFund.Web.Features.Contests.Scoring;
using CommunityFund.Web.Features.Contests.Setup;
using CommunityFund.Web.Features.Contests.Stages;
using CommunityFund.Web.Features.Contests.Voting;
using CommunityFund.Web.Features.Ledger;
using CommunityFund.Web.Infrastructure.Data;
using CommunityFund.Web.Infrastructure.Identity;
using CommunityFund.Web.Infrastructure.Localization;
using CommunityFund.Web.Infrastructure.Tenancy;

namespace CommunityFund.Migrations;

/// <summary>
/// Shipingqiao's two contest rounds as the real fund ran them: 57 proposals from 20 social organisations across the six
/// themes, screened (a few returned once with a fix list, a few rejected, one accepted with a missing document), scored
/// at the roadshow by a panel of judges (one declared conflict), voted on by residents, and 23 funded: round 1 is Final, round 2
/// is in its public notice with one answered and one open objection. Rankings and awards are computed by the same
/// aggregation and award code the pages use, so the demo obeys every rule.
/// </summary>
public static class DemoContest
{
    public static readonly (string Email, string Name)[] ExtraJudges =
    [
        ("judge2@shipingqiao.demo", "李文静"), ("judge3@shipingqiao.demo", "黄志强"), ("judge4@shipingqiao.demo", "何丽萍"),
        ("judge5@shipingqiao.demo", "邓伟"), ("judge6@shipingqiao.demo", "谢晓梅"), ("judge7@shipingqiao.demo", "罗成"),
    ];

    private static readonly string[] Organisations =
    [
        "九龙坡区石坪桥阳光社会工作服务中心", "重庆市九龙坡区同心圆社工服务社", "九龙坡区夕阳红养老服务中心", "重庆市彩虹桥青少年成长服务中心",
        "九龙坡区巾帼志愿者协会", "石坪桥街道老年协会", "重庆市心晴心理健康服务中心", "九龙坡区邻里守望志愿服务队",
        "重庆市启明星助残服务中心", "九龙坡区书香社区阅读推广中心", "重庆市暖阳家庭综合服务中心", "九龙坡区绿色家园环保协会",
        "石坪桥街道社区文艺协会", "重庆市益路同行公益发展中心", "九龙坡区银龄互助服务社", "重庆市小候鸟儿童关爱中心",
        "九龙坡区和美社区治理研究中心", "重庆市康乐健康促进会", "九龙坡区红石榴民族团结服务站", "重庆市新市民融入服务中心",
    ];

    /// <summary>Round 1 (34) and round 2 (23) proposal titles by theme: 57 in all.</summary>
    private static readonly (string Theme, string Title, int Round)[] Titles =
    [
        ("特殊困难人群帮扶", "困境残疾人居家康复陪伴计划", 1), ("特殊困难人群帮扶", "独居失能老人“一键呼”应急守护", 1),
        ("特殊困难人群帮扶", "低保家庭就业能力提升小组", 1), ("特殊困难人群帮扶", "精神障碍康复者社区融入工坊", 1),
        ("特殊困难人群帮扶", "重病家庭“微心愿”帮扶行动", 1), ("特殊困难人群帮扶", "困难群众冬季暖心包计划", 2),
        ("特殊困难人群帮扶", "孤残人员助餐送餐服务", 2), ("特殊困难人群帮扶", "刑满释放人员社区帮教支持", 2),
        ("特殊困难人群帮扶", "低收入家庭水电维修便民队", 2),
        ("助学助困", "困境儿童课后“四点半课堂”", 1), ("助学助困", "春苗助学：困难家庭学生学业陪伴", 1),
        ("助学助困", "“书香传递”社区图书漂流站", 1), ("助学助困", "留守儿童周末研学营", 1), ("助学助困", "困难家庭大学新生启航礼包", 1),
        ("助学助困", "随迁子女暑期托管班", 1), ("助学助困", "青少年编程兴趣启蒙课堂", 2), ("助学助困", "困境学生一对一学业导师", 2),
        ("助学助困", "社区学堂：家长家庭教育讲座", 2), ("助学助困", "“同桌的你”大学生志愿辅导", 2),
        ("妇女儿童关爱", "单亲妈妈互助成长小组", 1), ("妇女儿童关爱", "“妈妈工坊”手工技能就业培训", 1),
        ("妇女儿童关爱", "儿童防性侵安全教育进社区", 1), ("妇女儿童关爱", "社区儿童友好空间共建", 1), ("妇女儿童关爱", "孕产妇健康关爱计划", 1),
        ("妇女儿童关爱", "家庭暴力预防与援助热线", 2), ("妇女儿童关爱", "“童心绘社区”儿童议事会", 2), ("妇女儿童关爱", "职业女性减压读书会", 2),
        ("妇女儿童关爱", "婴幼儿科学养育指导站", 2),
        ("养老服务", "高龄独居老人“时间银行”互助", 1), ("养老服务", "老年人智能手机学习班", 1), ("养老服务", "社区长者食堂助餐提升", 1),
        ("养老服务", "认知症老人家庭照护者喘息服务", 1), ("养老服务", "银龄合唱团与文化养老", 1), ("养老服务", "老旧小区适老化改造试点", 1),
        ("养老服务", "老年人防诈骗宣传行动", 2), ("养老服务", "失能老人上门助浴服务", 2), ("养老服务", "“老伙伴”低龄助高龄结对计划", 2),
        ("青少年心理健康", "青春期心理成长营", 1), ("青少年心理健康", "校园欺凌预防朋辈辅导", 1), ("青少年心理健康", "亲子沟通工作坊", 1),
        ("青少年心理健康", "中考生减压团体辅导", 1), ("青少年心理健康", "青少年网络成瘾干预小组", 2), ("青少年心理健康", "“树洞”青少年心理热线", 2),
        ("青少年心理健康", "艺术疗愈：青少年绘画表达", 2), ("青少年心理健康", "困境青少年抗逆力提升计划", 2),
        ("社区治理", "楼栋长议事会能力建设", 1), ("社区治理", "老旧小区居民自治公约共建", 1), ("社区治理", "社区闲置空间微更新", 1),
        ("社区治理", "垃圾分类“绿色账户”积分激励", 1), ("社区治理", "邻里节与社区睦邻文化", 1), ("社区治理", "无物业小区自管小组培育", 1),
        ("社区治理", "社区停车难协商议事", 1), ("社区治理", "“居民说事”社区议事厅", 1), ("社区治理", "社区志愿服务积分超市", 2), ("社区治理", "背街小巷环境共治", 2),
        ("社区治理", "新就业群体“暖心驿站”", 2), ("社区治理", "社区应急志愿队建设", 2),
    ];

    private static readonly string[] Residents = ["张", "王", "李", "赵", "刘", "陈", "杨", "黄", "周", "吴", "徐", "孙", "马", "朱", "胡", "郭", "何", "罗", "高", "林"];

    public static async Task SeedAsync(AppDbContext db, UserManager<AppUser> users, TenantInfo tenant, Guid secretaryId, Guid committeeId,
        Guid orgMemberId, IReadOnlyList<Guid> judges, TextWriter log, CancellationToken ct = default)
    {
        if (await db.Set<Contest>().AnyAsync(ct))
        {
            log.WriteLine($"  {tenant.Identifier}: contests already exist, contest demo data left as it is");
            return;
        }
        var fund = await db.Set<Fund>().Where(f => f.Code == "GEN").Select(f => f.Id).SingleAsync(ct);
        var random = new Random(2025);

        var orgIds = new List<Guid>();
        for (var i = 0; i < Organisations.Length; i++)
        {
            var body = "MJ" + (5700 + i * 7).ToString("D4", CultureInfo.InvariantCulture) + "X" + "ABCDEFGHJKLMNPQRTUWY"[i % 20];
            var code = UnifiedSocialCreditCode.Create("52500107" + body + UnifiedSocialCreditCode.OrganisationCodeCheckCharacter(body)).Value;
            var org = new Organisation
            {
                Name = Organisations[i], CreditCode = code, Category = (OrganisationCategory)(1 + i % 5),
                ContactPerson = Residents[i] + (i % 2 == 0 ? "老师" : "主任"), Phone = "023-6" + (8700000 + i * 131).ToString(CultureInfo.InvariantCulture),
                Address = $"重庆市九龙坡区石坪桥街道{(i % 6) + 1}号", Status = VerificationStatus.Verified,
                Channel = i % 4 == 3 ? RegistrationChannel.CollectedOnVisit : RegistrationChannel.SelfRegistered,
                RegisteredBy = secretaryId, CreatedAt = new DateTimeOffset(2025, 2, 10 + i % 15, 9, 0, 0, TimeSpan.FromHours(8)),
                VerifiedBy = secretaryId, VerifiedAt = new DateTimeOffset(2025, 2, 26, 10, 0, 0, TimeSpan.FromHours(8)),
            };
            db.Add(org);
            orgIds.Add(org.Id);
        }
        db.Add(new OrganisationMember { OrganisationId = orgIds[0], UserId = orgMemberId, JoinedAt = DateTimeOffset.UtcNow });

        var residents = new List<Guid>();
        for (var i = 1; i <= 160; i++)
        {
            var email = $"resident{i:D3}@shipingqiao.demo";
            var user = await users.FindByEmailAsync(email);
            if (user is null)
            {
                // Residents vote once and never sign in to the demo, so they get no password.
                user = new AppUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = Residents[i % Residents.Length] + "居民" + i, PreferredCulture = Cultures.Chinese };
                var created = await users.CreateAsync(user);
                if (!created.Succeeded) throw new InvalidOperationException(string.Join("; ", created.Errors.Select(e => e.Description)));
            }
            residents.Add(user.Id);
        }

        var now = DateTimeOffset.UtcNow;
        var round1 = NewContest("2025 年石坪桥街道第一届社区公益提案大赛", new DateOnly(2025, 3, 1), 310_000m, fund, secretaryId);
        var round2 = NewContest("2026 年石坪桥街道第二届社区公益提案大赛", new DateOnly(2026, 8, 20), 200_000m, fund, secretaryId);
        round2.CopiedFromId = round1.Id;
        db.AddRange(round1, round2);
        await db.SaveChangesAsync(ct);

        var r1 = await SeedRoundAsync(db, round1, 1, awards: 14, judges, orgIds, residents, secretaryId, committeeId, orgMemberId, random, ct);
        var r2 = await SeedRoundAsync(db, round2, 2, awards: 9, judges.Take(5).ToList(), orgIds, residents.Take(120).ToList(), secretaryId, committeeId, orgMemberId, random, ct);

        round1.Stage = ContestStage.Final;
        round1.NoticeStartsAt = new DateTimeOffset(2025, 6, 20, 9, 0, 0, TimeSpan.FromHours(8));
        round1.NoticeEndsAt = round1.NoticeStartsAt.Value.AddDays(round1.NoticeDays);
        round2.Stage = ContestStage.PublicNotice;
        round2.NoticeStartsAt = now.AddDays(-2);
        round2.NoticeEndsAt = round2.NoticeStartsAt.Value.AddDays(round2.NoticeDays);
        db.Add(new Objection
        {
            ContestId = round2.Id, ProposalId = r2.Awarded[0], Name = "周先生", Contact = "138****2719",
            Text = "该项目的场地费预算偏高，社区活动室可以免费使用，建议核实。", FiledAt = now.AddDays(-1),
            Answer = "经核实，项目活动在社区活动室以外的文化广场开展，需搭建临时场地，场地费已按实际核减 2,000 元，评审结果不变。",
            AnsweredBy = committeeId, AnsweredAt = now.AddHours(-5),
        });
        db.Add(new Objection
        {
            ContestId = round2.Id, Name = "李女士", Contact = "lily@example.org",
            Text = "希望公开各项目路演视频，方便居民了解评分依据。", FiledAt = now.AddHours(-3),
        });
        await db.SaveChangesAsync(ct);
        log.WriteLine($"  {tenant.Identifier}: two contest rounds, {r1.Proposals + r2.Proposals} proposals, {r1.Awarded.Count + r2.Awarded.Count} awarded");
    }

    private static Contest NewContest(string title, DateOnly opens, decimal budget, Guid fund, Guid by)
    {
        var c = new Contest
        {
            Title = title,
            Description = "面向辖区社会组织和居民团队征集社区公益提案，经初审、一对一优化、路演评审和居民投票，择优资助。",
            Categories = ContestThemes.Join(ContestThemes.All),
            TotalBudget = budget, PerProjectCap = 30_000m, PayingFundId = fund,
            CollectOpens = opens, CollectCloses = opens.AddDays(30), RefineUntil = opens.AddDays(60), RoadshowDate = opens.AddDays(70),
            ScoringCloses = opens.AddDays(71), NoticeDays = 7, ExpertWeight = 80, ResidentWeight = 20, ResidentVoteLimit = 3,
            CreatedBy = by, CreatedAt = new DateTimeOffset(opens.AddDays(-14).ToDateTime(new TimeOnly(9, 0)), TimeSpan.FromHours(8)),
        };
        c.SetRubric(Rubric.Default());
        return c;
    }

    private sealed record RoundResult(int Proposals, List<Guid> Awarded);

    private static async Task<RoundResult> SeedRoundAsync(AppDbContext db, Contest contest, int round, int awards, IReadOnlyList<Guid> judges,
        List<Guid> orgIds, List<Guid> residents, Guid secretaryId, Guid committeeId, Guid orgMemberId, Random random, CancellationToken ct)
    {
        var china = TimeSpan.FromHours(8);
        var titles = Titles.Where(t => t.Round == round).ToList();
        var quality = new Dictionary<Guid, int>();
        var accepted = new List<Proposal>();
        for (var i = 0; i < titles.Count; i++)
        {
            var (theme, title, _) = titles[i];
            var org = i == 0 ? orgIds[0] : orgIds[(i * 7 + round) % orgIds.Count];
            var submitted = new DateTimeOffset(contest.CollectOpens.AddDays(2 + i % 25).ToDateTime(new TimeOnly(9 + i % 8, 10 * (i % 6))), china);
            var p = new Proposal
            {
                ContestId = contest.Id, OrganisationId = org, Number = i + 1, Status = ProposalStatus.Accepted,
                Channel = i % 6 == 5 ? ProposalChannel.CollectedOnVisit : ProposalChannel.Online,
                CreatedBy = i % 6 == 5 ? secretaryId : orgMemberId, CreatedAt = submitted.AddDays(-1),
                ScreenedBy = secretaryId, ScreenedAt = new DateTimeOffset(contest.CollectCloses.AddDays(5).ToDateTime(new TimeOnly(15, 0)), china),
            };
            p.SetDraft(Content(theme, title, contest, random));
            db.Add(p.Submit(p.CreatedBy, submitted));
            contest.ProposalSeq = i + 1;

            if (i % 9 == 4)
            {
                // 一次性告知: returned once with the complete list, resubmitted with every item answered.
                var fixes = new ProposalFixList { ProposalId = p.Id, IssuedBy = secretaryId, IssuedAt = submitted.AddDays(3) };
                fixes.SetItems([
                    new FixItem("请补充服务对象的具体人数和筛选标准。", true, "已补充：经社区摸排确定 40 户，附名单（隐去隐私信息）。"),
                    new FixItem("预算中“其他费用”需列明用途。", true, "已拆分为交通费和保险费两项。"),
                ]);
                fixes.AnsweredInVersion = 2;
                fixes.AnsweredAt = submitted.AddDays(6);
                db.Add(fixes);
                var draft = p.GetDraft();
                p.SetDraft(draft with { BeneficiariesCount = draft.BeneficiariesCount + 10, Need = draft.Need + "（已按初审意见补充服务对象筛选标准。）" });
                db.Add(p.Submit(p.CreatedBy, submitted.AddDays(6)));
            }
            if (i % 11 == 7)
            {
                p.Status = ProposalStatus.Rejected;
                p.RejectionReason = "提案内容属于社区日常工作范畴，不符合本次大赛资助方向。";
            }
            else
            {
                if (i % 13 == 3)
                {
                    p.AcceptedWithMissingDocuments = true;
                    db.Add(new MissingDocumentCommitment
                    {
                        ProposalId = p.Id, OrganisationId = org, DocumentName = "民办非企业单位登记证书（年检页）复印件",
                        DueDate = contest.RoadshowDate, CommittedBy = orgMemberId, CommittedAt = submitted.AddDays(2),
                        SuppliedAt = round == 1 ? submitted.AddDays(20) : null,
                    });
                }
                accepted.Add(p);
                quality[p.Id] = 58 + random.Next(0, 36);
            }
            db.Add(p);
            if (i < 4)
            {
                var comment = new ProposalComment
                {
                    ProposalId = p.Id, AuthorId = secretaryId, OnVersion = p.LatestVersion,
                    Body = "建议把活动频次和每次的服务人数写清楚，预算中的劳务费按次数列明。", CreatedAt = submitted.AddDays(12),
                };
                db.Add(comment);
                db.Add(new ProposalComment
                {
                    ParentId = comment.Id, ProposalId = p.Id, AuthorId = orgMemberId, OnVersion = p.LatestVersion,
                    Body = "收到，已在修改稿中细化为每周两次、每次 20 人。", CreatedAt = submitted.AddDays(13),
                });
            }
        }
        await db.SaveChangesAsync(ct);

        // Running order and slots from 09:00, 12 minutes each with a 3-minute change-over.
        var slot = new TimeOnly(9, 0);
        var order = 0;
        foreach (var p in accepted.OrderBy(p => p.Number))
        {
            p.RunningOrder = ++order;
            p.SlotStart = slot;
            p.SlotMinutes = 12;
            slot = slot.AddMinutes(15);
        }
        foreach (var judge in judges)
            db.Add(new ContestJudge { ContestId = contest.Id, JudgeId = judge, AddedBy = secretaryId, AddedAt = new DateTimeOffset(contest.RefineUntil.ToDateTime(new TimeOnly(10, 0)), china) });

        // One conflict: the third judge declared a conflict with the second accepted proposal.
        var conflict = (Judge: judges[2], Proposal: accepted[1].Id);
        db.Add(new ConflictDeclaration
        {
            ContestId = contest.Id, ProposalId = conflict.Proposal, JudgeId = conflict.Judge, Source = ConflictSource.DeclaredByJudge,
            Reason = "本人曾担任该机构理事。", RecordedBy = conflict.Judge, RecordedAt = new DateTimeOffset(contest.RoadshowDate.ToDateTime(new TimeOnly(8, 30)), china),
        });

        var rubric = contest.GetRubric();
        var bias = judges.Select((_, j) => j == judges.Count - 1 && round == 1 ? -14 : random.Next(-4, 5)).ToList();
        var roadshow = new DateTimeOffset(contest.RoadshowDate.ToDateTime(new TimeOnly(9, 0)), china);
        foreach (var p in accepted)
        {
            for (var j = 0; j < judges.Count; j++)
            {
                if (judges[j] == conflict.Judge && p.Id == conflict.Proposal) continue;
                var scores = new Dictionary<string, decimal>(StringComparer.Ordinal);
                foreach (var c in rubric.Criteria)
                {
                    var percent = Math.Clamp(quality[p.Id] + bias[j] + random.Next(-5, 6), 20, 100) / 100m;
                    scores[c.Id] = Math.Round(c.MaxPoints * percent * 2, MidpointRounding.AwayFromZero) / 2;
                }
                var at = roadshow.AddMinutes(15 * (p.RunningOrder!.Value - 1) + 14 + j);
                var sheet = new ScoreSheet
                {
                    ContestId = contest.Id, ProposalId = p.Id, JudgeId = judges[j], Status = SheetStatus.Submitted,
                    Comment = quality[p.Id] >= 80 ? "需求清晰，方案可行，建议资助。" : quality[p.Id] >= 68 ? "方案基本可行，预算需进一步细化。" : "需求论证不足，可持续性有待加强。",
                    UpdatedAt = at, SubmittedAt = at,
                };
                sheet.SetScores(scores);
                db.Add(sheet);
                db.Add(new ScoreSheetEvent { SheetId = sheet.Id, Kind = SheetEventKind.Submitted, ScoresJson = sheet.ScoresJson, Comment = sheet.Comment, ActorId = judges[j], At = at });
            }
        }

        // Residents: each picks up to three proposals, better ones more often.
        var weighted = accepted.SelectMany(p => Enumerable.Repeat(p.Id, Math.Max(1, quality[p.Id] - 50))).ToList();
        foreach (var resident in residents)
        {
            var ballot = new ResidentBallot { ContestId = contest.Id, ResidentId = resident, CastAt = roadshow.AddMinutes(random.Next(30, 400)) };
            db.Add(ballot);
            foreach (var choice in Enumerable.Range(0, 1 + random.Next(3)).Select(_ => weighted[random.Next(weighted.Count)]).Distinct())
                db.Add(new ResidentVote { BallotId = ballot.Id, ContestId = contest.Id, ProposalId = choice });
        }
        await db.SaveChangesAsync(ct);

        // Awards: the budget is set so that exactly the top `awards` proposals fit (every request is ≥ ¥15,000 and the
        // budget exceeds their sum by less than that), with two cuts in round 1 whose reasons are published.
        var loaded = await ContestResultsLoader.LoadAsync(db, contest.Id, ct);
        var top = loaded.Results.Ranking.Take(awards).ToList();
        var cuts = round == 1
            ? new List<AwardCut> { new(top[2].ProposalId, top[2].RequestedAmount - 2_000m, "场地由社区免费提供，核减场地费 2,000 元。"), new(top[5].ProposalId, top[5].RequestedAmount - 1_500m, "宣传印刷费偏高，按市场价核减 1,500 元。") }
            : [];
        var needed = top.Sum(r => r.RequestedAmount) - cuts.Sum(c => loaded.Proposals[c.ProposalId].RequestedAmount - c.Amount);
        contest.TotalBudget = Math.Ceiling(needed / 10_000m) * 10_000m;
        var plan = AwardProposal.Propose(loaded.Results.Ranking, contest.TotalBudget, cuts);
        if (plan.IsRefused || plan.Lines.Count(l => l.Amount > 0) != awards)
            throw new InvalidOperationException($"Demo award plan for round {round} did not give {awards} awards.");
        var preparedAt = new DateTimeOffset(contest.ScoringCloses.AddDays(3).ToDateTime(new TimeOnly(10, 0)), china);
        var list = new AwardList
        {
            ContestId = contest.Id, Status = AwardListStatus.Confirmed, TotalBudget = contest.TotalBudget, TotalAwarded = plan.Awarded,
            PreparedBy = secretaryId, PreparedAt = preparedAt, ConfirmedBy = committeeId, ConfirmedAt = preparedAt.AddDays(2),
            ConfirmNote = "经基金管委会会议审议通过。",
        };
        db.Add(list);
        var results = loaded.Results.Ranking.ToDictionary(r => r.ProposalId);
        foreach (var line in plan.Lines)
        {
            var r = results[line.ProposalId];
            db.Add(new AwardItem
            {
                AwardListId = list.Id, ProposalId = line.ProposalId, Rank = line.Rank, ExpertScore = r.ExpertScore, Votes = r.Votes,
                ResidentScore = r.ResidentScore, FinalScore = r.FinalScore, Requested = line.Requested, Amount = line.Amount,
                Outcome = line.Outcome, CutReason = line.CutReason,
            });
        }
        await db.SaveChangesAsync(ct);
        return new RoundResult(titles.Count, [.. plan.Lines.Where(l => l.Amount > 0).Select(l => l.ProposalId)]);
    }

    private static ProposalContent Content(string theme, string title, Contest contest, Random random)
    {
        var start = contest.ScoringCloses.AddDays(30);
        // Every request lands between ¥15,000 and ¥30,000 (the cap), built from whole quantities of priced items.
        var sessions = random.Next(24, 49);
        var people = random.Next(30, 121);
        var lines = new List<BudgetLine>
        {
            new("专业社工劳务费（按场次）", BudgetKind.Labour, 300m, sessions),
            new("活动物资", BudgetKind.Materials, 60m, people),
            new("宣传册与海报印制", BudgetKind.Publicity, 800m, random.Next(1, 4)),
            new("志愿者交通与保险", BudgetKind.Transport, 50m, random.Next(20, 60)),
        };
        var total = lines.Sum(l => l.Subtotal);
        if (total < 15_000m) lines.Add(new("场地布置与设备租赁", BudgetKind.Venue, 500m, (int)Math.Ceiling((15_000m - total) / 500m)));
        while (lines.Sum(l => l.Subtotal) > 30_000m) lines[0] = lines[0] with { Quantity = lines[0].Quantity - 5 };
        return new ProposalContent
        {
            Title = title,
            Category = theme,
            Need = $"石坪桥街道辖区内{theme}方面的需求突出，社区走访中居民多次反映相关服务不足，现有资源难以覆盖。",
            Goals = $"在一年内通过“{title}”项目，为辖区 {people} 名居民提供持续服务，建立可复制的社区服务机制。",
            BeneficiariesWho = theme switch
            {
                "养老服务" => "辖区 60 岁以上老年人",
                "助学助困" => "困难家庭学生",
                "妇女儿童关爱" => "辖区妇女和儿童",
                "青少年心理健康" => "辖区 12–18 岁青少年",
                "特殊困难人群帮扶" => "低保、残疾、重病等困难群众",
                _ => "辖区居民",
            },
            BeneficiariesCount = people,
            ActivityPlan = $"第一阶段需求调研与招募；第二阶段开展 {sessions} 场活动；第三阶段总结评估并形成居民自组织。",
            StartDate = start,
            EndDate = start.AddMonths(10),
            CoFunding = random.Next(0, 6) * 1000m,
            Lines = lines,
        };
    }
}
