package authorizers_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"time"

	"golang.org/x/oauth2"

	"github.com/globus-go/globus/authorizers"
)

// Any http.Client can send requests with a Globus authorizer through a
// Transport, and gets the retry after a 401 with a renewed token: here the
// resource server has revoked the first access token.
func ExampleTransport() {
	srv := newExampleServer()
	defer srv.Close()
	login := newExampleLoginClient(srv.URL, "client-id", "client-secret")
	a := authorizers.NewRefreshTokenAuthorizer("refresh-0", login)

	client := &http.Client{Transport: &authorizers.Transport{Authorizer: a}}
	form := url.Values{"token": {"some-token"}}.Encode()
	// http.NewRequest sets GetBody for a *strings.Reader, so the body can
	// be sent again after the 401.
	req, _ := http.NewRequest(http.MethodPost, srv.URL+"/v2/oauth2/token/introspect", strings.NewReader(form))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := client.Do(req)
	if err != nil {
		fmt.Println(err)
		return
	}
	body, _ := io.ReadAll(resp.Body)
	_ = resp.Body.Close()
	fmt.Println(resp.StatusCode, strings.TrimSpace(string(body)))
	fmt.Println("headers sent:", srv.headers())
	// Output:
	// 200 {"active":true,"scope":"openid"}
	// headers sent: [Bearer access-1 Bearer access-2]
}

// A renewing authorizer as an oauth2.TokenSource, for code built on
// golang.org/x/oauth2.
func ExampleTokenSource() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Println("server got:", r.Header.Get("Authorization"))
	}))
	defer srv.Close()

	a := authorizers.NewRenewingAuthorizer(func(context.Context) (authorizers.TokenData, error) {
		return authorizers.TokenData{
			AccessToken:    "token-1",
			ExpiresAt:      time.Now().Add(time.Hour),
			ResourceServer: "transfer.api.globus.org",
		}, nil
	})
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	src := authorizers.TokenSourceContext(ctx, a)

	tok, err := src.Token()
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(tok.TokenType, tok.Extra("resource_server"), tok.Valid())

	resp, err := oauth2.NewClient(ctx, src).Get(srv.URL)
	if err != nil {
		fmt.Println(err)
		return
	}
	_ = resp.Body.Close()
	// Output:
	// Bearer transfer.api.globus.org true
	// server got: Bearer token-1
}

// Any oauth2.TokenSource as an authorizer, for the auth and transfer
// clients' WithAuthorizer option or a Transport.
func ExampleFromTokenSource() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Println("server got:", r.Header.Get("Authorization"))
	}))
	defer srv.Close()

	src := oauth2.StaticTokenSource(&oauth2.Token{AccessToken: "from-oauth2", TokenType: "bearer"})
	a := authorizers.FromTokenSource(src)

	client := &http.Client{Transport: &authorizers.Transport{Authorizer: a}}
	resp, err := client.Get(srv.URL)
	if err != nil {
		fmt.Println(err)
		return
	}
	_ = resp.Body.Close()
	fmt.Println(a)
	// Output:
	// server got: Bearer from-oauth2
	// authorizers.FromTokenSource(oauth2.staticTokenSource)
}
