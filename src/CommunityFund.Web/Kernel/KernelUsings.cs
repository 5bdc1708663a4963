// The kernel's namespaces (what the product's areas share): one list, compiled into the web project and linked into the
// migrator, tests and benchmarks.
global using CommunityFund.Web.Kernel;
global using CommunityFund.Web.Kernel.Approvals;
global using CommunityFund.Web.Kernel.Awards;
global using CommunityFund.Web.Kernel.Funds;
global using CommunityFund.Web.Kernel.Sources;
global using CommunityFund.Web.Kernel.Oversight;
global using CommunityFund.Web.Kernel.Ratings;
global using CommunityFund.Web.Kernel.Handoffs;
global using CommunityFund.Web.Kernel.Input;
global using CommunityFund.Web.Kernel.Organisations;
global using CommunityFund.Web.Kernel.Settings;
global using CommunityFund.Web.Kernel.Accounts;
global using CommunityFund.Web.Kernel.Invitations;
