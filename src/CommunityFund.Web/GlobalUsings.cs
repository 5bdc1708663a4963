// Namespaces nearly every feature file uses: one list here instead of the same ten lines in each file.
global using FluentValidation;
global using MediatR;
global using Microsoft.AspNetCore.Mvc;
global using Microsoft.AspNetCore.Mvc.RazorPages;
global using Microsoft.EntityFrameworkCore;
global using Microsoft.Extensions.Localization;
global using CommunityFund.Web.Infrastructure.Data;
global using CommunityFund.Web.Infrastructure.Identity;
global using CommunityFund.Web.Infrastructure.Mediation;
global using CommunityFund.Web.Infrastructure.Tenancy;
// The kernel: what two or more areas share. Areas import it and Infrastructure, never each other.
global using CommunityFund.Web.Kernel;
global using CommunityFund.Web.Kernel.Approvals;
global using CommunityFund.Web.Kernel.Handoffs;
global using CommunityFund.Web.Kernel.Input;
global using CommunityFund.Web.Kernel.Organisations;
global using CommunityFund.Web.Kernel.Settings;
global using CommunityFund.Web.Infrastructure.Localization;
global using CommunityFund.Web.Kernel.Funds;
global using CommunityFund.Web.Kernel.Accounts;
global using CommunityFund.Web.Kernel.Invitations;
global using CommunityFund.Web.Infrastructure.Files;
