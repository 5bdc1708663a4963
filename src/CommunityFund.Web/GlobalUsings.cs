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
global using CommunityFund.Web.Infrastructure.Localization;
global using CommunityFund.Web.Infrastructure.Files;
