namespace CommunityFund.Web.Features.Grants.Projects;

/// <summary>Anchor type for the project and disbursement strings in Resources/Features.Grants.Projects.ProjectResource(.en).resx. The neutral file is zh-CN.</summary>
public sealed class ProjectResource;
