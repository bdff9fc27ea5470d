package main

import "context"

func (j *job) status(ctx context.Context) error              { return nil }
func (j *job) report(ctx context.Context) error              { return nil }
func (j *job) bounces(ctx context.Context, sum *summary) error { return nil }
