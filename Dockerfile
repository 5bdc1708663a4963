# One image build, two entry points: the web app and the migrator (see docker-compose.yml).
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish src/CommunityFund.Web -c Release -o /out/web \
 && dotnet publish migrations/CommunityFund.Migrations -c Release -o /out/migrator

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS migrator
WORKDIR /app
COPY --from=build /out/migrator .
ENTRYPOINT ["dotnet", "CommunityFund.Migrations.dll"]
CMD ["migrate"]

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS web
WORKDIR /app
COPY --from=build /out/web .
ENV ASPNETCORE_URLS=http://+:8080 \
    Logging__Json=true
EXPOSE 8080
ENTRYPOINT ["dotnet", "CommunityFund.Web.dll"]
