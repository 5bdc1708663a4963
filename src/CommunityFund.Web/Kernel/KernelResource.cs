namespace CommunityFund.Web.Kernel;

/// <summary>
/// Anchor type for the strings the kernel's shared input rules use (money, dates, form keys) in
/// Resources/Kernel.KernelResource(.en).resx. The neutral file is zh-CN.
/// </summary>
public sealed class KernelResource;
