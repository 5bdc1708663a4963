namespace CommunityFund.Web.Features.Contests.Refinement;

/// <summary>Anchor type for the refinement (一对一优化) strings in Resources/Features.Contests.Refinement.RefinementResource(.en).resx. The neutral file is zh-CN.</summary>
public sealed class RefinementResource;
